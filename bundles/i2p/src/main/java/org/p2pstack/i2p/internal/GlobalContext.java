package org.p2pstack.i2p.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import net.i2p.I2PAppContext;

/**
 * I2P keeps one JVM-wide "global" context, and a router makes its own context the global one. When that
 * router stops, its random source is shut down, and everything that still uses the global context
 * (destination creation, a router started again after a configuration change) fails with "Random is shut
 * down". After a router stops we therefore put a fresh plain context in its place, with its files under
 * our data directory. The field is I2P's own, reachable from a subclass only: this class is never
 * instantiated.
 */
final class GlobalContext extends I2PAppContext {

    private GlobalContext() {
        super(new Properties());
        throw new AssertionError("not instantiable");
    }

    /** A plain global context when there is none yet. */
    static void ensure(Path dir) throws IOException {
        synchronized (I2PAppContext.class) {
            if (I2PAppContext.getCurrentContext() == null) {
                create(dir);
            }
        }
    }

    /** Replaces the global context when it is {@code stopped} (the context of a router that has stopped). */
    static void replaceIfCurrent(I2PAppContext stopped, Path dir) throws IOException {
        synchronized (I2PAppContext.class) {
            if (I2PAppContext.getCurrentContext() == stopped) {
                _globalAppContext = null;
                create(dir);
            }
        }
    }

    private static void create(Path dir) throws IOException {
        Files.createDirectories(dir);
        String d = dir.toAbsolutePath().toString();
        Properties p = new Properties();
        for (String k : new String[] {"i2p.dir.base", "i2p.dir.config", "i2p.dir.router", "i2p.dir.log",
            "i2p.dir.pid", "i2p.dir.app"}) {
            p.setProperty(k, d);
        }
        p.setProperty("i2p.naming.impl", RouterProperties.NAMING_IMPL);
        new I2PAppContext(p); // the first context becomes the global one
    }
}
