package org.p2pstack.ipfs.internal.net;

import java.util.concurrent.ThreadFactory;

/**
 * The threads that serve connections and streams. Every libp2p stream blocks on its own thread (plain
 * {@code InputStream} code that reads like the specs); virtual threads make that cheap: a few hundred bytes of stack
 * each instead of a platform thread's megabyte, created in microseconds (bench/ipfs {@code StreamThreadsBench}).
 */
public enum StreamThreads {
    /** Java 21+ virtual threads: what the node uses. */
    VIRTUAL,
    /** Platform (daemon) threads, one per task as before Java 25: kept for the benchmark that compares the two. */
    PLATFORM;

    /** A factory whose threads are named {@code prefix} and a counter. */
    public ThreadFactory factory(String prefix) {
        return this == VIRTUAL
                ? Thread.ofVirtual().name(prefix, 1).factory()
                : Thread.ofPlatform().daemon(true).name(prefix, 1).factory();
    }
}
