package org.p2pstack.social.internal.chat;

import org.p2pstack.api.chat.ChatMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class RoomLogTest {

    static final String ROOM = "a".repeat(64);
    static final String ALICE = "1".repeat(64);
    static final String BOB = "2".repeat(64);

    static ChatMessage m(String core, long index, long time, String text) {
        return new ChatMessage(ROOM, core, index, core, time, text);
    }

    @Test
    void logsMergeByTimeWhateverOrderTheyArriveIn() {
        RoomLog log = new RoomLog();
        // Bob's core replicates after Alice's: his older messages still fall into place
        log.add(m(ALICE, 0, 1000, "a0"));
        log.add(m(ALICE, 1, 3000, "a1"));
        log.add(m(BOB, 0, 2000, "b0"));
        log.add(m(BOB, 1, 3000, "b1")); // same time as a1: ordered by core, the same on every node
        log.add(m(ALICE, 2, 5000, "a2"));
        assertEquals(List.of("a0", "b0", "a1", "b1", "a2"), log.latest(10).stream().map(ChatMessage::text).toList());
        assertEquals(List.of("b1", "a2"), log.latest(2).stream().map(ChatMessage::text).toList());
    }

    @Test
    void duplicatesGoingBackInTimeAndFloodsAreSkipped() {
        RoomLog log = new RoomLog();
        assertEquals(RoomLog.Outcome.ADDED, log.add(m(ALICE, 0, 10_000, "x")));
        assertEquals(RoomLog.Outcome.DUPLICATE, log.add(m(ALICE, 0, 10_000, "x")));
        assertEquals(RoomLog.Outcome.OUT_OF_ORDER, log.add(m(ALICE, 1, 9_000, "back in time")));
        int added = 0;
        for (int i = 2; i < 100; i++) {
            if (log.add(m(BOB, i, 20_000 + i, "flood " + i)) == RoomLog.Outcome.ADDED) {
                added++;
            }
        }
        assertEquals(RoomLog.MAX_PER_WINDOW, added);
        // a minute later Bob may talk again, and Alice was never limited by Bob's flood
        assertEquals(RoomLog.Outcome.ADDED, log.add(m(BOB, 200, 20_000 + RoomLog.WINDOW_MILLIS + 100, "later")));
        assertEquals(RoomLog.Outcome.ADDED, log.add(m(ALICE, 2, 20_050, "still here")));
    }

    @Test
    void memoryIsBounded() {
        RoomLog log = new RoomLog();
        for (int i = 0; i < RoomLog.MAX_MESSAGES + 50; i++) {
            log.add(m(ALICE, i, i * 10_000L, "m" + i));
        }
        assertEquals(RoomLog.MAX_MESSAGES, log.size());
        assertEquals("m50", log.latest(RoomLog.MAX_MESSAGES).get(0).text());
    }
}
