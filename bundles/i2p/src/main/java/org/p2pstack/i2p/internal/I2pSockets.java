package org.p2pstack.i2p.internal;

import java.io.IOException;

import net.i2p.client.streaming.I2PSocket;

/** Small helpers that the tunnels, the proxy and the HTTP client share for their streams and threads. */
final class I2pSockets {

    private I2pSockets() {
    }

    /** A daemon thread: none of the I2P workers may keep the JVM (or a stopping bundle) alive. */
    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * A virtual thread for one visitor's or one proxied request's stream: it blocks on I2P's streaming library for
     * up to minutes, which costs a virtual thread a few hundred bytes instead of a platform thread's stack. The pools
     * that run them stay bounded (the visitor budgets), so the limits do not change.
     */
    static Thread streamThread(Runnable r, String name) {
        return Thread.ofVirtual().name(name).unstarted(r);
    }

    /**
     * Closes a stream we opened, our direction first: a plain close leaves the other side waiting for the
     * streaming library's inactivity timeout (90 s) before it sees the end.
     */
    static void closeGracefully(I2PSocket s) {
        try {
            s.getOutputStream().close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
