package org.p2pstack.swarm.internal.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JsLoopTest {

    static JsEngine engine;
    static JsLoop loop;

    /** JS reports its result here; the test waits on it. */
    public static final class Done {
        final CompletableFuture<String> result = new CompletableFuture<>();

        @HostAccess.Export
        public void done(String value) {
            result.complete(value);
        }
    }

    @BeforeAll
    static void start() {
        engine = new JsEngine();
        loop = new JsLoop(engine, "js-test", null);
    }

    @AfterAll
    static void stop() {
        loop.close();
        engine.close();
    }

    private String run(String script) throws Exception {
        Done done = new Done();
        loop.submit(ctx -> {
            ctx.getBindings("js").putMember("done", done);
            ctx.eval("js", script);
            return null;
        }).get(10, TimeUnit.SECONDS);
        return done.result.get(10, TimeUnit.SECONDS);
    }

    @Test
    void timersMicrotasksAndImmediatesRunInNodeOrder() throws Exception {
        String order = run("""
                const log = []
                setTimeout(() => log.push('t20'), 20)
                setTimeout(() => log.push('t5'), 5)
                setImmediate(() => log.push('imm'))
                queueMicrotask(() => log.push('micro'))
                process.nextTick(() => log.push('tick'))
                Promise.resolve().then(() => log.push('promise'))
                log.push('sync')
                setTimeout(() => done.done(log.join(',')), 40)
                """);
        assertEquals("sync,micro,tick,promise,imm,t5,t20", order);
    }

    @Test
    void intervalsClearAndTimeoutsRefreshAndUnref() throws Exception {
        String result = run("""
                let n = 0
                const iv = setInterval(() => { if (++n === 3) clearInterval(iv) }, 2)
                const cancelled = setTimeout(() => { n = 100 }, 5)
                clearTimeout(cancelled)
                const started = Date.now()
                const t = setTimeout(() => done.done(n + ' ' + (Date.now() - started >= 45) + ' ' + t.hasRef()), 30)
                t.unref()
                setTimeout(() => t.refresh(), 20)
                """);
        assertEquals("3 true false", result);
    }

    @Test
    void cryptoGetRandomValuesFillsTheView() throws Exception {
        String result = run("""
                const a = new Uint8Array(64)
                crypto.getRandomValues(a)
                const b = new Uint32Array(4)
                crypto.getRandomValues(b)
                done.done(String(a.some(x => x !== 0) && b.some(x => x !== 0)))
                """);
        assertEquals("true", result);
    }

    @Test
    void errorsInCallbacksDoNotStopTheLoop() throws Exception {
        String result = run("""
                setTimeout(() => { throw new Error('boom') }, 1)
                setTimeout(() => done.done('alive'), 10)
                """);
        assertEquals("alive", result);
        Value v = loop.submit(ctx -> ctx.eval("js", "1 + 1")).get(5, TimeUnit.SECONDS);
        assertTrue(v != null);
    }
}
