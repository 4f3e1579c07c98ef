package org.p2pstack.swarm.internal.js;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.graalvm.polyglot.HostAccess;

/** Runs an async JS snippet on a runtime's loop and waits for what it returns. */
public final class SwarmTestScripts {

    private SwarmTestScripts() {
    }

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

    public static String run(SwarmRuntime rt, String script, int seconds) throws Exception {
        Done done = new Done();
        rt.loop().submit(ctx -> {
            ctx.getBindings("js").putMember("t", done);
            ctx.eval("js", "(async () => {\n" + script + "\n})().then(r => t.done(String(r)), e => t.fail(String(e && e.stack || e)))");
            return null;
        }).get(30, TimeUnit.SECONDS);
        try {
            return done.result.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) (e.getCause() instanceof Exception ? e.getCause() : e);
        }
    }
}
