package org.p2pstack.swarm.internal.js;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.graalvm.polyglot.Value;
import org.p2pstack.swarm.internal.sodium.Sodium;
import org.p2pstack.swarm.internal.sodium.SodiumHost;
import org.p2pstack.swarm.internal.storage.FileStorageHost;
import org.p2pstack.swarm.internal.udx.UdxClock;
import org.p2pstack.swarm.internal.udx.UdxHost;

/**
 * A JS loop with the Holepunch bundle loaded: the Java shims for sodium-native, udx-native and
 * random-access-file installed as globals, then {@code swarm-bundle.js} evaluated, which leaves the npm
 * modules on {@code globalThis.p2pstack}.
 */
public final class SwarmRuntime implements AutoCloseable {

    private final JsLoop loop;
    private UdxHost udx;
    private FileStorageHost files;

    public SwarmRuntime(JsEngine engine, Path storageRoot, String name) {
        this.loop = new JsLoop(engine, name, l -> {
            try {
                udx = new UdxHost(udxClock(l), l::scratch);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files = new FileStorageHost(storageRoot, l::scratch);
            Value g = l.context().getBindings("js");
            g.putMember("__p2pstackSodium", new SodiumHost(new Sodium(), l::scratch));
            g.putMember("__p2pstackUdx", udx);
            g.putMember("__p2pstackFiles", files);
            l.evalResource("swarm-bundle.js");
        });
    }

    /** UDX runs on this loop: its time, its Java timers and its task queue. */
    private static UdxClock udxClock(JsLoop loop) {
        return new UdxClock() {
            @Override
            public double now() {
                return loop.now();
            }

            @Override
            public Runnable schedule(Runnable task, double delayMs) {
                return loop.schedule(task, delayMs)::cancel;
            }

            @Override
            public void defer(Runnable task) {
                loop.execute(task);
            }
        };
    }

    public JsLoop loop() {
        return loop;
    }

    @Override
    public void close() {
        loop.close();
        if (udx != null) {
            udx.close();
        }
        if (files != null) {
            files.close();
        }
    }
}
