package org.p2pstack.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class EventLogTest {

    @Test
    void keepsOnlyTheNewestAndSaysWhatWasMissed() throws InterruptedException {
        EventLog log = new EventLog(3);
        for (int i = 1; i <= 5; i++) {
            log.add(Map.of("n", i));
        }
        EventLog.Batch batch = log.after(0, 0);
        assertTrue(batch.missed());
        assertEquals(3, batch.events().size());
        assertEquals(3, batch.events().get(0).get("n"));
        assertEquals(5, batch.next());
        EventLog.Batch none = log.after(5, 0);
        assertTrue(none.events().isEmpty());
        assertFalse(none.missed());
        assertEquals(5, none.next());
    }

    @Test
    void aWaitEndsWithTheNextEventOrInTime() throws InterruptedException {
        EventLog log = new EventLog(10);
        long start = System.nanoTime();
        assertTrue(log.after(0, 50).events().isEmpty());
        assertTrue(System.nanoTime() - start >= 40_000_000L);
        Thread adder = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            log.add(Map.of("n", 1));
        });
        adder.start();
        EventLog.Batch batch = log.after(0, 10_000);
        assertEquals(1, batch.events().size());
        adder.join();
    }

    @Test
    void aSequenceFromBeforeARestartStartsOver() throws InterruptedException {
        EventLog log = new EventLog(10);
        log.add(Map.of("n", 1));
        assertEquals(1, log.after(99, 0).events().size());
    }
}
