package org.p2pstack.i2p.internal;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import net.i2p.client.streaming.I2PSocket;
import net.i2p.data.Hash;

/**
 * The HTTP client's streams kept open after an answer, for the next request to the same destination. A friend's
 * site takes at most {@link StreamingEndpoint#MAX_CONNS_PER_PEER_HOUR} streams an hour from one visitor; a node that
 * follows a busy friend (feeds, video ranges, notices) passed that in half an hour with a stream per request.
 *
 * <p>Bounded: a few streams per destination, a few dozen in all, each kept a little shorter than the server tunnel
 * keeps it ({@link VisitorBudgets#KEEP_ALIVE_MILLIS}), so a kept stream is rarely found closed by the other side.
 * Thread-safe; closing the streams happens outside the lock.
 */
final class KeptStreams {

    /** Idle streams kept per destination (a fetch runs a few requests at once: profile, feed, ranges). */
    static final int MAX_PER_DESTINATION = 4;
    static final int MAX_TOTAL = 32;
    /** How long an idle stream is kept: below the server tunnel's keep-alive time, with room for a slow round trip. */
    static final long KEEP_MILLIS = VisitorBudgets.KEEP_ALIVE_MILLIS - 5_000;

    /** An idle stream and the buffered input that was reading it (it may hold nothing: answers are read to the end). */
    record Kept(I2PSocket socket, InputStream in, long since) {
    }

    private final LongSupplier clock;
    // insertion order: the first destination's eldest stream is found first when the total is full
    private final Map<Hash, Deque<Kept>> idle = new LinkedHashMap<>();
    private int total;

    KeptStreams(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    /** The most recently kept live stream to {@code to}, or null. */
    Kept take(Hash to) {
        List<Kept> stale = new ArrayList<>();
        Kept found = null;
        synchronized (this) {
            expire(stale);
            Deque<Kept> q = idle.get(to);
            while (q != null && found == null && !q.isEmpty()) {
                Kept k = q.pollLast();
                total--;
                if (k.socket().isClosed()) {
                    stale.add(k);
                } else {
                    found = k;
                }
            }
            if (q != null && q.isEmpty()) {
                idle.remove(to);
            }
        }
        closeAll(stale);
        return found;
    }

    /** Keeps a stream whose answer was read to its end; one beyond the bounds is closed instead. */
    void keep(Hash to, I2PSocket socket, InputStream in) {
        List<Kept> closing = new ArrayList<>();
        synchronized (this) {
            expire(closing);
            Kept k = new Kept(socket, in, clock.getAsLong());
            Deque<Kept> q = idle.get(to);
            if (q != null && q.size() >= MAX_PER_DESTINATION) {
                closing.add(k);
            } else {
                if (total >= MAX_TOTAL) {
                    evictEldest(closing);
                }
                idle.computeIfAbsent(to, h -> new ArrayDeque<>()).addLast(k);
                total++;
            }
        }
        closeAll(closing);
    }

    /** Streams kept now. */
    synchronized int size() {
        return total;
    }

    /** Closes every kept stream (the node stops; a stream kept later by a request still running fails on use). */
    void close() {
        List<Kept> closing = new ArrayList<>();
        synchronized (this) {
            idle.values().forEach(closing::addAll);
            idle.clear();
            total = 0;
        }
        closeAll(closing);
    }

    private void expire(List<Kept> into) {
        long now = clock.getAsLong();
        Iterator<Deque<Kept>> queues = idle.values().iterator();
        while (queues.hasNext()) {
            Deque<Kept> q = queues.next();
            while (!q.isEmpty() && now - q.peekFirst().since() >= KEEP_MILLIS) {
                into.add(q.pollFirst());
                total--;
            }
            if (q.isEmpty()) {
                queues.remove();
            }
        }
    }

    private void evictEldest(List<Kept> into) {
        Iterator<Deque<Kept>> queues = idle.values().iterator();
        if (queues.hasNext()) {
            Deque<Kept> q = queues.next();
            into.add(q.pollFirst());
            total--;
            if (q.isEmpty()) {
                queues.remove();
            }
        }
    }

    private static void closeAll(List<Kept> streams) {
        for (Kept k : streams) {
            I2pSockets.closeGracefully(k.socket());
        }
    }
}
