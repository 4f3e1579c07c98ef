package org.p2pstack.swarm.internal.udx;

/**
 * Time, timers and the task queue of the thread that runs UDX (the JS loop). The loop's owner provides
 * it, so this package does not depend on the JS package.
 */
public interface UdxClock {

    double now();

    /** Runs {@code task} after {@code delayMs}; the returned handle cancels it. */
    Runnable schedule(Runnable task, double delayMs);

    /** Runs {@code task} once the current work is done (libuv's prepare phase); may be called from any thread. */
    void defer(Runnable task);
}
