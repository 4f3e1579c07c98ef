package org.p2pstack.social.internal.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

/** A room's slots (security review W7): Sybils cannot keep a room for ever, nor lock its owner or friends out. */
class RoomSlotsTest {

    static final long T0 = 1_800_000_000_000L;
    static final String OWNER = "owner";
    static final String FRIEND = "friend";
    static final Predicate<String> PRIVILEGED = Set.of(OWNER, FRIEND)::contains;

    static RoomSlots fullOfSybils(long at) {
        RoomSlots slots = new RoomSlots();
        for (int i = 0; i < RoomSlots.MAX_CORES; i++) {
            assertEquals(RoomSlots.Outcome.ADDED, slots.admit("sybil-core-" + i, "sybil-" + i, at + i, PRIVILEGED).outcome());
        }
        return slots;
    }

    @Test
    void aFullRoomTurnsStrangersAwayWhileItsParticipantsAreActive() {
        RoomSlots slots = fullOfSybils(T0);
        assertEquals(RoomSlots.Outcome.FULL, slots.admit("core", "stranger", T0 + 60_000, PRIVILEGED).outcome());
        // announcing again keeps a slot active
        assertEquals(RoomSlots.Outcome.KNOWN, slots.admit("sybil-core-0", "sybil-0", T0 + RoomSlots.IDLE_MILLIS, PRIVILEGED).outcome());
        assertEquals(RoomSlots.MAX_CORES, slots.size());
    }

    @Test
    void theOwnerAndFollowedPeopleAlwaysGetASlotAndKeepIt() {
        RoomSlots slots = fullOfSybils(T0);
        RoomSlots.Admission owner = slots.admit("owner-core", OWNER, T0 + 1_000, PRIVILEGED);
        assertTrue(owner.admitted(), "the owner is never locked out");
        assertEquals("sybil-core-0", owner.evicted().core(), "the least recently active stranger made room");
        assertTrue(slots.admit("friend-core", FRIEND, T0 + 2_000, PRIVILEGED).admitted());
        assertEquals(RoomSlots.MAX_CORES, slots.size());
        // long after, the Sybils come back with fresh keys: they take the idle Sybils' slots, never the owner's
        long later = T0 + 10 * RoomSlots.IDLE_MILLIS;
        for (int i = 0; i < RoomSlots.MAX_CORES; i++) {
            slots.admit("new-sybil-core-" + i, "new-sybil-" + i, later + i, PRIVILEGED);
        }
        assertEquals(OWNER, slots.get("owner-core").orElseThrow().author());
        assertEquals(FRIEND, slots.get("friend-core").orElseThrow().author());
        assertEquals(RoomSlots.MAX_CORES, slots.size());
    }

    @Test
    void anIdleSlotGoesToANewcomerAndActivityKeepsIt() {
        RoomSlots slots = fullOfSybils(T0);
        slots.touch("sybil-core-5", T0 + RoomSlots.IDLE_MILLIS); // a message read from it: active
        long later = T0 + RoomSlots.IDLE_MILLIS + 100;
        RoomSlots.Admission admitted = slots.admit("core", "newcomer", later, PRIVILEGED);
        assertTrue(admitted.admitted());
        assertEquals("sybil-core-0", admitted.evicted().core(), "the longest idle first");
        assertTrue(slots.get("sybil-core-5").isPresent());
    }

    @Test
    void oneCorePerParticipantAndACoreBelongsToItsWriter() {
        RoomSlots slots = new RoomSlots();
        assertTrue(slots.admit("bob-core", "bob", T0, PRIVILEGED).admitted());
        assertEquals(RoomSlots.Outcome.ONE_PER_PARTICIPANT, slots.admit("bob-core-2", "bob", T0 + 1, PRIVILEGED).outcome());
        assertEquals(RoomSlots.Outcome.TAKEN, slots.admit("bob-core", "mallory", T0 + 2, PRIVILEGED).outcome());
        // Bob's corestore was reset: once the old core is idle the new one replaces it
        RoomSlots.Admission replaced = slots.admit("bob-core-2", "bob", T0 + RoomSlots.IDLE_MILLIS, PRIVILEGED);
        assertTrue(replaced.admitted());
        assertEquals("bob-core", replaced.evicted().core());
        assertEquals(1, slots.size());
        // a core announced first by someone else is given to the author its blocks name
        slots.admit("carol-core", "mallory", T0, PRIVILEGED);
        slots.rebind("carol-core", "carol", T0 + 5);
        assertEquals("carol", slots.get("carol-core").orElseThrow().author());
    }
}
