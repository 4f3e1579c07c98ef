package org.p2pstack.i2p.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The server tunnel's admission policy (V4 of the security review), on a clock the test moves. */
class VisitorBudgetsTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final VisitorBudgets budgets = new VisitorBudgets(now::get);
    private final AtomicInteger drops = new AtomicInteger();

    private VisitorBudgets.Admission admit(String visitor) {
        return budgets.admit(visitor, drops::incrementAndGet);
    }

    /** The review's attack: 8 free destinations x 6 slow heads fill the site; a newcomer is still let in. */
    @Test
    void sybilsHoldingEveryPlaceDoNotLockOutANewcomer() {
        List<VisitorBudgets.Lease> attack = new ArrayList<>();
        for (int d = 0; d < 8; d++) {
            for (int s = 0; s < VisitorBudgets.MAX_CONCURRENT_PER_VISITOR; s++) {
                VisitorBudgets.Admission a = admit("attacker-" + d);
                if (a.admitted()) {
                    attack.add(a.lease());
                }
            }
        }
        // the part open to strangers is full: the attackers displaced each other, or were refused
        assertEquals(VisitorBudgets.MAX_CONCURRENT_TOTAL - VisitorBudgets.RESERVED_FOR_KNOWN, budgets.active());
        VisitorBudgets.Admission visitor = admit("well-behaved");
        assertTrue(visitor.admitted(), "a newcomer gets in: " + visitor.reason());
        assertEquals(1, visitor.dropped().size(), "an unfinished head of the visitor holding the most made room");
        assertEquals(VisitorBudgets.DropReason.EVICTED, budgets.dropReason(visitor.dropped().get(0)));
        assertFalse(visitor.dropped().get(0).visitor().equals("well-behaved"));
        assertTrue(drops.get() >= 1, "the dropped stream was reset");
    }

    @Test
    void oneVisitorHoldsAtMostSixStreams() {
        for (int i = 0; i < VisitorBudgets.MAX_CONCURRENT_PER_VISITOR; i++) {
            assertTrue(admit("a").admitted());
        }
        VisitorBudgets.Admission seventh = admit("a");
        assertFalse(seventh.admitted());
        assertEquals(429, seventh.status());
        assertTrue(admit("b").admitted(), "another visitor is not affected");
    }

    /** The deadline is for the whole head, not per read: a trickling head is dropped and costs its visitor. */
    @Test
    void aLateHeadIsDroppedAndPenalised() {
        VisitorBudgets.Lease slow = admit("slow").lease();
        VisitorBudgets.Lease quick = admit("quick").lease();
        assertTrue(budgets.headDone(quick));
        now.addAndGet(VisitorBudgets.HEAD_DEADLINE_MILLIS - 1);
        assertTrue(budgets.sweep().isEmpty());
        now.addAndGet(1);
        assertEquals(List.of(slow), budgets.sweep());
        assertEquals(VisitorBudgets.DropReason.HEAD_TOO_SLOW, budgets.dropReason(slow));
        assertFalse(budgets.isActive(slow));
        assertTrue(budgets.isActive(quick));
        assertFalse(budgets.headDone(slow), "a dropped stream does not go on");
        assertEquals(0, budgets.held("slow"));
    }

    @Test
    void aStalledStreamIsDroppedAMovingOneIsNot() {
        VisitorBudgets.Lease stalled = admit("stalled").lease();
        VisitorBudgets.Lease moving = admit("moving").lease();
        budgets.headDone(stalled);
        budgets.headDone(moving);
        for (int period = 0; period < 3; period++) {
            moving.progress(VisitorBudgets.MIN_BYTES_PER_PERIOD);
            stalled.progress(10);
            now.addAndGet(VisitorBudgets.PROGRESS_PERIOD_MILLIS);
            budgets.sweep();
        }
        assertEquals(VisitorBudgets.DropReason.TOO_SLOW, budgets.dropReason(stalled));
        assertTrue(budgets.isActive(moving));
    }

    @Test
    void aVisitorStartsAtMostSixtyStreamsAMinuteThenRefills() {
        for (int i = 0; i < VisitorBudgets.STREAMS_PER_WINDOW; i++) {
            VisitorBudgets.Admission a = admit("busy");
            assertTrue(a.admitted(), "stream " + i);
            budgets.release(a.lease());
        }
        VisitorBudgets.Admission over = admit("busy");
        assertFalse(over.admitted());
        assertEquals(429, over.status());
        now.addAndGet(VisitorBudgets.WINDOW_MILLIS);
        assertTrue(admit("busy").admitted(), "the window refills");
    }

    /** Visitors who completed a request before keep a way in when strangers fill their part of the site. */
    @Test
    void knownVisitorsKeepAReserve() {
        VisitorBudgets.Lease friend = admit("friend").lease();
        budgets.headDone(friend);
        budgets.served(friend);
        budgets.release(friend);
        assertTrue(budgets.isKnown("friend"));
        int strangers = VisitorBudgets.MAX_CONCURRENT_TOTAL - VisitorBudgets.RESERVED_FOR_KNOWN;
        for (int i = 0; i < strangers; i++) {
            VisitorBudgets.Lease l = admit("stranger-" + i).lease(); // one stream each: nobody holds more than a fair share
            assertNotNull(l);
            budgets.headDone(l);
        }
        VisitorBudgets.Admission another = admit("stranger-x");
        assertFalse(another.admitted(), "strangers holding one stream each are not displaced by a stranger");
        assertEquals(503, another.status());
        VisitorBudgets.Admission known = admit("friend");
        assertTrue(known.admitted(), "the reserve lets the friend in");
        assertTrue(known.dropped().isEmpty());
        now.addAndGet(VisitorBudgets.KNOWN_FOR_MILLIS);
        assertFalse(budgets.isKnown("friend"), "being known wears off");
    }

    @Test
    void memoryStaysBoundedWhateverTheNumberOfDestinations() {
        for (int i = 0; i < VisitorBudgets.MAX_TRACKED_VISITORS + 500; i++) {
            VisitorBudgets.Admission a = admit("d" + i);
            assertTrue(a.admitted());
            budgets.headDone(a.lease());
            budgets.served(a.lease());
            budgets.release(a.lease());
        }
        assertTrue(budgets.trackedVisitors() <= VisitorBudgets.MAX_TRACKED_VISITORS, "tracked " + budgets.trackedVisitors());
        assertTrue(budgets.knownVisitors() <= VisitorBudgets.MAX_KNOWN_VISITORS, "known " + budgets.knownVisitors());
        assertEquals(0, budgets.active());
    }

    // --- kept-alive streams

    /** A visitor who completed a request before. */
    private void makeKnown(String visitor) {
        VisitorBudgets.Lease l = admit(visitor).lease();
        budgets.headDone(l);
        budgets.served(l);
        budgets.release(l);
    }

    /** A lease that answered one request and now waits for the next. */
    private VisitorBudgets.Lease idleLease(String visitor) {
        VisitorBudgets.Lease l = admit(visitor).lease();
        assertNotNull(l);
        assertTrue(budgets.headDone(l));
        budgets.served(l);
        assertTrue(budgets.idle(l));
        return l;
    }

    @Test
    void anIdleKeptStreamIsTheFirstToMakeRoom() {
        makeKnown("friend");
        VisitorBudgets.Lease idle = idleLease("friend");
        // the rest of the site is busy with one forwarding stream per friend: nobody holds more than a fair share
        for (int i = 1; i < VisitorBudgets.MAX_CONCURRENT_TOTAL; i++) {
            makeKnown("known-" + i);
            VisitorBudgets.Lease l = admit("known-" + i).lease();
            budgets.headDone(l);
            budgets.served(l);
        }
        assertEquals(VisitorBudgets.MAX_CONCURRENT_TOTAL, budgets.active());
        int before = drops.get();
        VisitorBudgets.Admission newcomer = admit("known-1");
        assertTrue(newcomer.admitted(), newcomer.reason());
        assertEquals(List.of(idle), newcomer.dropped(), "the idle stream went, not a working one");
        assertEquals(VisitorBudgets.DropReason.EVICTED, budgets.dropReason(idle));
        assertEquals(before + 1, drops.get());
    }

    @Test
    void aStrangerDoesNotTakeAFriendsIdleStreamFromTheReserve() {
        makeKnown("friend");
        idleLease("friend");
        int strangers = VisitorBudgets.MAX_CONCURRENT_TOTAL - VisitorBudgets.RESERVED_FOR_KNOWN;
        for (int i = 0; i < strangers; i++) {
            budgets.headDone(admit("stranger-" + i).lease());
        }
        VisitorBudgets.Admission another = admit("stranger-x");
        assertFalse(another.admitted());
        assertEquals(503, another.status());
        assertEquals(1, budgets.held("friend"));
    }

    @Test
    void aVisitorAtItsLimitTradesItsOwnIdleStreamForANewOne() {
        VisitorBudgets.Lease idle = idleLease("a");
        for (int i = 1; i < VisitorBudgets.MAX_CONCURRENT_PER_VISITOR; i++) {
            assertTrue(admit("a").admitted());
        }
        VisitorBudgets.Admission seventh = admit("a");
        assertTrue(seventh.admitted(), "its own idle stream made room");
        assertEquals(List.of(idle), seventh.dropped());
        assertEquals(VisitorBudgets.MAX_CONCURRENT_PER_VISITOR, budgets.held("a"));
        VisitorBudgets.Admission eighth = admit("a");
        assertFalse(eighth.admitted(), "no idle stream left: the limit holds");
        assertEquals(429, eighth.status());
    }

    /** Keep-alive is not a way around the window: every request costs what a new stream costs. */
    @Test
    void everyRequestOnAKeptStreamCostsTheWindow() {
        VisitorBudgets.Lease l = idleLease("busy");
        for (int i = 1; i < VisitorBudgets.STREAMS_PER_WINDOW; i++) {
            assertEquals(VisitorBudgets.Next.GO, budgets.nextRequest(l), "request " + (i + 1));
            assertTrue(budgets.idle(l));
        }
        assertEquals(VisitorBudgets.Next.TOO_MANY, budgets.nextRequest(l));
        assertFalse(admit("busy").admitted(), "nor a new stream");
        now.addAndGet(VisitorBudgets.WINDOW_MILLIS);
        assertEquals(VisitorBudgets.Next.GO, budgets.nextRequest(l), "the window refills");
    }

    @Test
    void aStreamCarriesAtMostItsRequestCount() {
        VisitorBudgets.Lease l = idleLease("a");
        int requests = 1;
        while (budgets.mayCarryMore(l)) {
            now.addAndGet(VisitorBudgets.STREAM_COST); // keep the window from running dry
            assertEquals(VisitorBudgets.Next.GO, budgets.nextRequest(l));
            requests++;
            if (budgets.mayCarryMore(l)) {
                assertTrue(budgets.idle(l));
            }
        }
        assertEquals(VisitorBudgets.MAX_REQUESTS_PER_STREAM, requests);
        assertFalse(budgets.idle(l), "the last request closes the stream");
    }

    @Test
    void anIdleStreamTricklingItsNextHeadIsDroppedWithoutPenalty() {
        VisitorBudgets.Lease l = idleLease("quiet");
        now.addAndGet(VisitorBudgets.KEEP_ALIVE_MILLIS + VisitorBudgets.HEAD_DEADLINE_MILLIS - 1);
        assertTrue(budgets.sweep().isEmpty(), "idle time is not a stall");
        now.addAndGet(1);
        assertEquals(List.of(l), budgets.sweep());
        assertEquals(VisitorBudgets.DropReason.IDLE_TOO_LONG, budgets.dropReason(l));
        assertEquals(VisitorBudgets.Next.DROPPED, budgets.nextRequest(l));
        for (int i = 0; i < VisitorBudgets.STREAMS_PER_WINDOW; i++) {
            VisitorBudgets.Admission a = admit("quiet");
            assertTrue(a.admitted(), "no penalty: the whole window is there, stream " + i);
            budgets.release(a.lease());
        }
    }
}
