package org.p2pstack.swarm.internal.js;

import org.graalvm.polyglot.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one GraalJS {@link Engine} a swarm component shares between its contexts (code caches and JIT
 * profiles live in the engine). Tells once whether the optimizing JIT is there.
 */
public final class JsEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JsEngine.class);

    private final Engine engine;

    public JsEngine() {
        Engine.Builder builder = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false");
        this.engine = builder.build();
        if (isInterpreted()) {
            LOG.warn("GraalJS runs interpreted (implementation '{}'): the swarm stack works but is 15-70x slower. "
                    + "Start the JVM with the Graal module path and JVMCI options (bin/setenv does this for karaf/start).",
                    engine.getImplementationName());
        } else {
            LOG.info("GraalJS {} with the optimizing compiler ({})", engine.getVersion(), engine.getImplementationName());
        }
    }

    public Engine engine() {
        return engine;
    }

    /** True when no Graal compiler is available and Truffle falls back to its interpreter. */
    public boolean isInterpreted() {
        return "Interpreted".equalsIgnoreCase(engine.getImplementationName());
    }

    @Override
    public void close() {
        engine.close(true);
    }
}
