package org.p2pstack.swarm.internal.udx;

/** Time and timers of the thread that runs UDX (the JS loop). */
interface UdxClock {

    double now();

    /** Runs {@code task} after {@code delayMs}; the returned handle cancels it. */
    Runnable schedule(Runnable task, double delayMs);

    /** Runs {@code task} once the current work is done (libuv's prepare phase). */
    void defer(Runnable task);
}
