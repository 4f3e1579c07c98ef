package org.p2pstack.i2p.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Who may hold a stream of the server tunnel, and for how long. I2P destinations cost nothing, so a limit per
 * visitor alone does not protect the site: here every visitor has a budget (streams at once, streams per window,
 * time to send its request, a minimum pace afterwards) and the site has one (streams at once, some kept for
 * visitors who completed requests before). When the site is full a newcomer is not simply refused: the stream
 * of whoever holds the most is dropped, an unfinished request head first, oldest first.
 *
 * <p>A stream may carry several requests (keep-alive): between them it waits {@link Phase#IDLE}, is the first to go
 * when a place is needed, and every further request costs its visitor the same window credit as a new stream.
 *
 * <p>Pure policy: no I/O, time from the clock given to the constructor, so every rule is testable. Thread-safe.
 * Dropping a stream means calling the {@code onDrop} given at admission (the tunnel resets the stream), always
 * outside this object's lock.
 */
public final class VisitorBudgets {

    /** Streams one visitor may have at once; more get 429. */
    public static final int MAX_CONCURRENT_PER_VISITOR = 6;
    /** Streams served at once in total. */
    public static final int MAX_CONCURRENT_TOTAL = 48;
    /** Part of the total only visitors who completed a request before may use (friends keep a way in). */
    public static final int RESERVED_FOR_KNOWN = 8;
    /** Time for the whole request head, not per read: a head fits in the first packets of a stream. */
    public static final long HEAD_DEADLINE_MILLIS = 10_000;
    /** After the head, the stream must move {@link #MIN_BYTES_PER_PERIOD} in every period of this length. */
    public static final long PROGRESS_PERIOD_MILLIS = 30_000;
    /** 16 KiB per 30 s (~0.5 KiB/s): far below any working I2P tunnel, far above a slow-read attack's pace. */
    public static final long MIN_BYTES_PER_PERIOD = 16 * 1024;
    /**
     * Longest wait for the next request on a kept-alive stream, its whole head included. The tunnel closes an idle
     * stream itself at {@link #KEEP_ALIVE_MILLIS}; the sweep drops one that trickles a head past this.
     */
    public static final long KEEP_ALIVE_MILLIS = 30_000;
    /** Requests one stream may carry before it is closed (a fresh stream then starts a fresh count). */
    public static final int MAX_REQUESTS_PER_STREAM = 100;
    /**
     * Requests a visitor may start per {@link #WINDOW_MILLIS}, on new streams or kept-alive ones (refilled
     * continuously, like a token bucket).
     */
    public static final int STREAMS_PER_WINDOW = 60;
    public static final long WINDOW_MILLIS = 60_000;
    /** A stream dropped for being slow costs this many streams more of its visitor's window. */
    public static final int SLOW_STREAM_PENALTY = 5;
    /** Visitors whose window is remembered; beyond, the least recently seen idle ones are forgotten. */
    public static final int MAX_TRACKED_VISITORS = 4096;
    /** Visitors remembered as known (completed a request), least recently served forgotten first. */
    public static final int MAX_KNOWN_VISITORS = 1024;
    public static final long KNOWN_FOR_MILLIS = 24L * 60 * 60 * 1000;

    /** Window credit is counted in milliseconds of refill: one stream costs this much, a full window is WINDOW_MILLIS. */
    static final long STREAM_COST = WINDOW_MILLIS / STREAMS_PER_WINDOW;
    /** Debt is capped at one window, so a visitor who stops misbehaving is back within two windows. */
    static final long MIN_CREDIT = -WINDOW_MILLIS;

    /**
     * Where a stream is: reading its first request head, forwarding (body, the site's answer), or idle between two
     * requests (waiting for, or reading, the next head).
     */
    public enum Phase { HEAD, FORWARDING, IDLE }

    /** Why a stream was dropped. */
    public enum DropReason { EVICTED, HEAD_TOO_SLOW, TOO_SLOW, IDLE_TOO_LONG }

    /** What may happen to the next request of a kept-alive stream. */
    public enum Next { GO, TOO_MANY, DROPPED }

    /** The answer to a newcomer: a lease, or the status to refuse with; and the streams dropped to make room. */
    public record Admission(Lease lease, int status, String reason, List<Lease> dropped) {

        public boolean admitted() {
            return lease != null;
        }
    }

    /** One admitted stream. Ends with {@link #release}, or when dropped. */
    public static final class Lease {
        private final String visitor;
        private final long seq;
        private final boolean known;
        private final long startedAt;
        private final Runnable onDrop;
        private final AtomicLong bytes = new AtomicLong();
        // guarded by the VisitorBudgets lock
        private Phase phase = Phase.HEAD;
        private long checkpointAt;
        private long checkpointBytes;
        private long idleSince;
        private int requests = 1;
        private boolean ended;
        private DropReason dropReason;

        Lease(String visitor, long seq, boolean known, long startedAt, Runnable onDrop) {
            this.visitor = visitor;
            this.seq = seq;
            this.known = known;
            this.startedAt = startedAt;
            this.onDrop = onDrop;
        }

        /** Counts bytes moved for the visitor (request body, answer). Lock-free: called for every write. */
        public void progress(long n) {
            bytes.addAndGet(n);
        }

        public String visitor() {
            return visitor;
        }

        /** True when the visitor had completed a request before (it was admitted against the whole site). */
        public boolean known() {
            return known;
        }

        @Override
        public String toString() {
            return "lease#" + seq + "(" + visitor + ")";
        }
    }

    private static final class VisitorState {
        int held;
        long credit = WINDOW_MILLIS;
        long refilledAt;

        VisitorState(long now) {
            refilledAt = now;
        }

        void refill(long now) {
            credit = Math.min(WINDOW_MILLIS, credit + Math.max(0, now - refilledAt));
            refilledAt = now;
        }
    }

    private final LongSupplier clock;
    // access order: the eldest entry is the least recently seen visitor
    private final LinkedHashMap<String, VisitorState> visitors = new LinkedHashMap<>(64, 0.75f, true);
    private final LinkedHashMap<String, Long> knownSince = new LinkedHashMap<>(64, 0.75f, true);
    // admission order: the first lease is the oldest
    private final List<Lease> active = new ArrayList<>();
    private long sequence;

    /** @param clockMillis a monotonic clock in milliseconds */
    public VisitorBudgets(LongSupplier clockMillis) {
        this.clock = Objects.requireNonNull(clockMillis, "clockMillis");
    }

    /** With the JVM's monotonic clock. */
    public static VisitorBudgets withSystemClock() {
        return new VisitorBudgets(() -> System.nanoTime() / 1_000_000);
    }

    /**
     * Admits a new stream of {@code visitor} (its destination hash), dropping another stream when the site is full
     * and a fairer share allows it.
     *
     * @param onDrop what ends the stream if it is dropped later (must not block)
     */
    public Admission admit(String visitor, Runnable onDrop) {
        Objects.requireNonNull(visitor, "visitor");
        Objects.requireNonNull(onDrop, "onDrop");
        Admission a;
        synchronized (this) {
            a = admitLocked(visitor, onDrop);
        }
        runDrops(a.dropped());
        return a;
    }

    private Admission admitLocked(String visitor, Runnable onDrop) {
        long now = clock.getAsLong();
        VisitorState st = state(visitor, now);
        if (st.credit < STREAM_COST) {
            return new Admission(null, 429, "too many requests, try again in a minute", List.of());
        }
        Lease ownIdle = st.held >= MAX_CONCURRENT_PER_VISITOR ? oldestIdle(visitor, true) : null;
        if (st.held >= MAX_CONCURRENT_PER_VISITOR && ownIdle == null) {
            return new Admission(null, 429, "too many requests at once", List.of());
        }
        boolean known = isKnownLocked(visitor, now);
        List<Lease> dropped = List.of();
        if (ownIdle != null) {
            // the visitor's own kept-alive stream makes room for its new one
            ownIdle.dropReason = DropReason.EVICTED;
            end(ownIdle);
            dropped = List.of(ownIdle);
        } else if (full(known)) {
            Lease victim = oldestIdle(null, known);
            if (victim == null) {
                victim = victim(visitor, st.held, known);
            }
            if (victim == null) {
                return new Admission(null, 503, "busy", List.of());
            }
            victim.dropReason = DropReason.EVICTED;
            end(victim);
            dropped = List.of(victim);
        }
        st.credit -= STREAM_COST;
        st.held++;
        Lease lease = new Lease(visitor, ++sequence, known, now, onDrop);
        active.add(lease);
        return new Admission(lease, 200, "admitted", dropped);
    }

    /** True when a newcomer (known or not) finds no free place: the whole site, or the part open to strangers. */
    private boolean full(boolean known) {
        if (active.size() >= MAX_CONCURRENT_TOTAL) {
            return true;
        }
        return !known && unknownActive() >= MAX_CONCURRENT_TOTAL - RESERVED_FOR_KNOWN;
    }

    private int unknownActive() {
        int n = 0;
        for (Lease l : active) {
            if (!l.known) {
                n++;
            }
        }
        return n;
    }

    /**
     * The kept-alive stream idle the longest, of {@code visitor} (or of anyone when null; a stranger's only of
     * strangers, so the reserve stays): dropping it costs nobody a request, since its owner simply opens a new
     * stream when it needs one.
     */
    private Lease oldestIdle(String visitor, boolean mayTakeKnown) {
        Lease best = null;
        for (Lease l : active) {
            if (l.phase == Phase.IDLE && (visitor == null || l.visitor.equals(visitor)) && (mayTakeKnown || !l.known)
                    && (best == null || l.idleSince < best.idleSince)) {
                best = l;
            }
        }
        return best;
    }

    /**
     * The stream to drop for a newcomer who already holds {@code newcomerHeld}: an unfinished head of a visitor who
     * holds at least as many as the newcomer will, else a forwarding stream of one who holds more; among those, the
     * visitor holding the most, then the oldest stream. A stranger only displaces strangers (the reserve stays).
     * Null when nobody holds more than a fair share.
     */
    private Lease victim(String newcomer, int newcomerHeld, boolean newcomerKnown) {
        Lease best = null;
        int bestHeld = -1;
        boolean bestIsHead = false;
        for (Lease l : active) { // oldest first: on ties the first found stays
            if (l.visitor.equals(newcomer) || (!newcomerKnown && l.known)) {
                continue;
            }
            int held = visitors.get(l.visitor).held;
            boolean head = l.phase == Phase.HEAD;
            if (held < newcomerHeld + (head ? 1 : 2)) {
                continue;
            }
            boolean better = best == null
                    || (head && !bestIsHead)
                    || (head == bestIsHead && held > bestHeld);
            if (better) {
                best = l;
                bestHeld = held;
                bestIsHead = head;
            }
        }
        return best;
    }

    /** The head was read in time: the stream now forwards. False when it was dropped meanwhile. */
    public boolean headDone(Lease lease) {
        synchronized (this) {
            if (lease.ended) {
                return false;
            }
            lease.phase = Phase.FORWARDING;
            lease.checkpointAt = clock.getAsLong();
            lease.checkpointBytes = lease.bytes.get();
            return true;
        }
    }

    /** False when the stream's current request is the last it may carry ({@link #MAX_REQUESTS_PER_STREAM}). */
    public synchronized boolean mayCarryMore(Lease lease) {
        return lease.requests < MAX_REQUESTS_PER_STREAM;
    }

    /**
     * The answer is complete and the visitor asked to keep the stream: it waits idle for the next request. False when
     * the stream was dropped meanwhile, or has carried {@link #MAX_REQUESTS_PER_STREAM} requests: then close it.
     */
    public boolean idle(Lease lease) {
        synchronized (this) {
            if (lease.ended || lease.requests >= MAX_REQUESTS_PER_STREAM) {
                return false;
            }
            lease.phase = Phase.IDLE;
            lease.idleSince = clock.getAsLong();
            return true;
        }
    }

    /**
     * The next request's head arrived on an idle stream. It costs the visitor's window what a new stream costs:
     * {@link Next#TOO_MANY} when the window is spent (answer 429 and close), {@link Next#DROPPED} when the stream was
     * dropped meanwhile.
     */
    public Next nextRequest(Lease lease) {
        synchronized (this) {
            if (lease.ended) {
                return Next.DROPPED;
            }
            long now = clock.getAsLong();
            VisitorState st = visitors.get(lease.visitor);
            st.refill(now);
            if (st.credit < STREAM_COST) {
                return Next.TOO_MANY;
            }
            st.credit -= STREAM_COST;
            lease.requests++;
            lease.phase = Phase.FORWARDING;
            lease.checkpointAt = now;
            lease.checkpointBytes = lease.bytes.get();
            return Next.GO;
        }
    }

    /** The visitor's request was answered completely: it becomes known (see {@link #RESERVED_FOR_KNOWN}). */
    public void served(Lease lease) {
        synchronized (this) {
            knownSince.put(lease.visitor, clock.getAsLong());
            while (knownSince.size() > MAX_KNOWN_VISITORS) {
                Iterator<String> eldest = knownSince.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
    }

    /** The stream ended. Idempotent; nothing happens for a dropped lease. */
    public void release(Lease lease) {
        synchronized (this) {
            if (!lease.ended) {
                end(lease);
            }
        }
    }

    /**
     * Drops the streams whose head is late or which stopped moving; the tunnel calls this a few times per second.
     *
     * @return the dropped leases (their {@code onDrop} has run)
     */
    public List<Lease> sweep() {
        List<Lease> dropped = new ArrayList<>();
        synchronized (this) {
            long now = clock.getAsLong();
            for (Lease l : List.copyOf(active)) {
                if (l.phase == Phase.HEAD) {
                    if (now - l.startedAt >= HEAD_DEADLINE_MILLIS) {
                        dropSlow(l, DropReason.HEAD_TOO_SLOW, now);
                        dropped.add(l);
                    }
                } else if (l.phase == Phase.IDLE) {
                    // the tunnel closes a quiet stream itself; this ends one that trickles its next head
                    if (now - l.idleSince >= KEEP_ALIVE_MILLIS + HEAD_DEADLINE_MILLIS) {
                        l.dropReason = DropReason.IDLE_TOO_LONG;
                        end(l);
                        dropped.add(l);
                    }
                } else if (now - l.checkpointAt >= PROGRESS_PERIOD_MILLIS) {
                    long moved = l.bytes.get();
                    if (moved - l.checkpointBytes < MIN_BYTES_PER_PERIOD) {
                        dropSlow(l, DropReason.TOO_SLOW, now);
                        dropped.add(l);
                    } else {
                        l.checkpointAt = now;
                        l.checkpointBytes = moved;
                    }
                }
            }
            forgetIdle(now);
        }
        runDrops(dropped);
        return dropped;
    }

    private void dropSlow(Lease l, DropReason why, long now) {
        l.dropReason = why;
        // charge first: ending the last stream of a visitor with a full window forgets the visitor
        VisitorState st = visitors.get(l.visitor);
        st.refill(now);
        st.credit = Math.max(MIN_CREDIT, st.credit - SLOW_STREAM_PENALTY * STREAM_COST);
        end(l);
    }

    private void end(Lease l) {
        l.ended = true;
        active.remove(l);
        VisitorState st = visitors.get(l.visitor);
        st.held--;
        if (st.held == 0) {
            st.refill(clock.getAsLong());
            if (st.credit >= WINDOW_MILLIS) {
                visitors.remove(l.visitor); // nothing left to remember
            }
        }
    }

    /** The visitor's state, created if needed; keeps the map within {@link #MAX_TRACKED_VISITORS}. */
    private VisitorState state(String visitor, long now) {
        VisitorState st = visitors.get(visitor);
        if (st == null) {
            if (visitors.size() >= MAX_TRACKED_VISITORS) {
                forgetIdle(now);
                // still full: forget the least recently seen idle visitors (at most 48 are busy)
                Iterator<VisitorState> it = visitors.values().iterator();
                while (visitors.size() >= MAX_TRACKED_VISITORS && it.hasNext()) {
                    if (it.next().held == 0) {
                        it.remove();
                    }
                }
            }
            st = new VisitorState(now);
            visitors.put(visitor, st);
        }
        st.refill(now);
        return st;
    }

    /** Forgets idle visitors whose window is full again (they are indistinguishable from new ones). */
    private void forgetIdle(long now) {
        Iterator<VisitorState> it = visitors.values().iterator();
        while (it.hasNext()) {
            VisitorState st = it.next();
            if (st.held == 0 && st.credit + (now - st.refilledAt) >= WINDOW_MILLIS) {
                it.remove();
            }
        }
    }

    private boolean isKnownLocked(String visitor, long now) {
        Long since = knownSince.get(visitor);
        if (since == null) {
            return false;
        }
        if (now - since >= KNOWN_FOR_MILLIS) {
            knownSince.remove(visitor);
            return false;
        }
        return true;
    }

    private static void runDrops(List<Lease> dropped) {
        for (Lease l : dropped) {
            try {
                l.onDrop.run();
            } catch (RuntimeException e) {
                // the stream is gone either way
            }
        }
    }

    // --- state for the status page and tests

    /** Streams admitted and not ended. */
    public synchronized int active() {
        return active.size();
    }

    /** Streams {@code visitor} holds. */
    public synchronized int held(String visitor) {
        VisitorState st = visitors.get(visitor);
        return st == null ? 0 : st.held;
    }

    /** The lease's phase (HEAD until {@link #headDone}, IDLE between kept-alive requests). */
    public synchronized Phase phase(Lease lease) {
        return lease.phase;
    }

    /** Why the lease was dropped, or null. */
    public synchronized DropReason dropReason(Lease lease) {
        return lease.dropReason;
    }

    /** Whether the lease still holds its place. */
    public synchronized boolean isActive(Lease lease) {
        return !lease.ended;
    }

    public synchronized boolean isKnown(String visitor) {
        return isKnownLocked(visitor, clock.getAsLong());
    }

    /** Visitors whose state is remembered (bounded by {@link #MAX_TRACKED_VISITORS}). */
    public synchronized int trackedVisitors() {
        return visitors.size();
    }

    /** Visitors remembered as known (bounded by {@link #MAX_KNOWN_VISITORS}). */
    public synchronized int knownVisitors() {
        return knownSince.size();
    }
}
