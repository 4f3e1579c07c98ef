package org.p2pstack.swarm.internal.js;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.graalvm.polyglot.HostAccess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled npm tree runs in GraalJS on the Java shims. */
class SwarmBundleTest {

    @TempDir
    static Path dir;
    static JsEngine engine;
    static SwarmRuntime runtime;

    public static final class Done {
        final CompletableFuture<String> result = new CompletableFuture<>();

        @HostAccess.Export
        public void done(String value) {
            result.complete(value);
        }

        @HostAccess.Export
        public void fail(String error) {
            result.completeExceptionally(new AssertionError(error));
        }
    }

    @BeforeAll
    static void start() {
        engine = new JsEngine();
        runtime = new SwarmRuntime(engine, dir, "js-bundle-test");
    }

    @AfterAll
    static void stop() {
        runtime.close();
        engine.close();
    }

    static String run(SwarmRuntime rt, String script, int seconds) throws Exception {
        Done done = new Done();
        rt.loop().submit(ctx -> {
            ctx.getBindings("js").putMember("t", done);
            ctx.eval("js", "(async () => {\n" + script + "\n})().then(r => t.done(String(r)), e => t.fail(String(e && e.stack || e)))");
            return null;
        }).get(30, TimeUnit.SECONDS);
        return done.result.get(seconds, TimeUnit.SECONDS);
    }

    @Test
    void hypercoreCryptoSignsAndVerifies() throws Exception {
        String r = run(runtime, """
                const { crypto, b4a } = p2pstack
                const kp = crypto.keyPair()
                const msg = b4a.from('hello')
                const sig = crypto.sign(msg, kp.secretKey)
                return crypto.verify(msg, sig, kp.publicKey) + ' ' + crypto.verify(b4a.from('hellO'), sig, kp.publicKey)
                """, 30);
        assertEquals("true false", r);
    }

    @Test
    void hypercoreAppendsAndReadsBackFromFiles() throws Exception {
        String r = run(runtime, """
                const { Hypercore, b4a } = p2pstack
                const core = new Hypercore('cores/a')
                await core.ready()
                await core.append([b4a.from('one'), b4a.from('two')])
                await core.append(b4a.from('three'))
                const got = b4a.toString(await core.get(2))
                const key = b4a.toString(core.key, 'hex')
                await core.close()
                const again = new Hypercore('cores/a')
                await again.ready()
                const r = again.length + ' ' + got + ' ' + (b4a.toString(again.key, 'hex') === key) + ' ' + b4a.toString(await again.get(0))
                await again.close()
                return r
                """, 60);
        assertEquals("3 three true one", r);
    }
}
