package org.p2pstack.sdk.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What happened for one dApp (a swarm message, a peer on one of its topics, one of its logs growing), numbered, for
 * its pages to read with a long poll. Bounded: the oldest entries go when {@link #capacity} is reached, and a page
 * that asks for what it already missed is told so ({@code missed}).
 */
final class EventLog {

    /** Entries handed out in one answer. */
    static final int MAX_BATCH = 100;

    record Entry(long seq, Map<String, Object> event) {
    }

    record Batch(long next, boolean missed, List<Map<String, Object>> events) {
    }

    private final int capacity;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextSeq = 1;
    private boolean closed;

    EventLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(Map<String, Object> event) {
        if (closed) {
            return;
        }
        entries.addLast(new Entry(nextSeq++, event));
        while (entries.size() > capacity) {
            entries.removeFirst();
        }
        notifyAll();
    }

    /** The sequence number the next entry gets: a page that starts now asks for what comes after {@code latest()}. */
    synchronized long latest() {
        return nextSeq - 1;
    }

    /**
     * The entries after {@code after}, waiting up to {@code waitMillis} for one to arrive. An {@code after} from the
     * future (the node restarted and counts anew) is read as 0.
     */
    synchronized Batch after(long after, long waitMillis) throws InterruptedException {
        long from = after < 0 || after >= nextSeq ? 0 : after;
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (!closed && from >= nextSeq - 1) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000L));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        long last = from;
        boolean missed = !entries.isEmpty() && entries.peekFirst().seq() > from + 1;
        for (Entry e : entries) {
            if (e.seq() > from && out.size() < MAX_BATCH) {
                out.add(e.event());
                last = e.seq();
            }
        }
        return new Batch(last, missed, out);
    }

    /** Wakes every waiting page; later entries are ignored (the dApp was removed). */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
