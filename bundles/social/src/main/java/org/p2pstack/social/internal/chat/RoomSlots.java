package org.p2pstack.social.internal.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The participants' cores of one chat room, each bound to the peer (swarm key) that announced it, with when it was
 * last active (announced again, or a message read from it). A room has {@link #MAX_CORES} slots and peer keys cost
 * nothing, so slots do not stay taken for ever: a core idle for {@link #IDLE_MILLIS} gives its slot to a newcomer
 * that needs one. The room's owner and the people the user follows are never evicted, and when the room is full
 * they get a slot anyway, from the least recently active stranger: nobody can lock them out.
 * Not thread-safe; the chat service serialises access.
 */
final class RoomSlots {

    /** Participants' cores remembered per room. */
    static final int MAX_CORES = 64;
    /** A core neither announced nor written to for this long may lose its slot to a newcomer (peers announce every minute). */
    static final long IDLE_MILLIS = 15 * 60_000L;

    /** One participant's core. */
    record Slot(String core, String author, long lastActive) {
    }

    /** What admitting a core did; {@code evicted} is the slot that made room, if any. */
    record Admission(Outcome outcome, Slot evicted) {
        boolean admitted() {
            return outcome == Outcome.ADDED;
        }
    }

    /** {@code KNOWN}: already here for this author (refreshed); {@code TAKEN}: bound to someone else. */
    enum Outcome { ADDED, KNOWN, TAKEN, ONE_PER_PARTICIPANT, FULL }

    private final Map<String, Slot> byCore = new LinkedHashMap<>();

    /**
     * Admits {@code core} for {@code author} at {@code now}. One core per participant: a second one is refused while
     * the first is active, and replaces it once idle. {@code privileged} tells the owner and followed people.
     */
    Admission admit(String core, String author, long now, Predicate<String> privileged) {
        Slot known = byCore.get(core);
        if (known != null) {
            if (!known.author().equals(author)) {
                return new Admission(Outcome.TAKEN, null);
            }
            byCore.put(core, new Slot(core, author, Math.max(known.lastActive(), now)));
            return new Admission(Outcome.KNOWN, null);
        }
        Optional<Slot> own = byCore.values().stream().filter(s -> s.author().equals(author)).findFirst();
        if (own.isPresent()) {
            if (!idle(own.get(), now)) {
                return new Admission(Outcome.ONE_PER_PARTICIPANT, null);
            }
            byCore.remove(own.get().core());
            byCore.put(core, new Slot(core, author, now));
            return new Admission(Outcome.ADDED, own.get());
        }
        Slot evicted = null;
        if (byCore.size() >= MAX_CORES) {
            evicted = victim(now, privileged.test(author), privileged);
            if (evicted == null) {
                return new Admission(Outcome.FULL, null);
            }
            byCore.remove(evicted.core());
        }
        byCore.put(core, new Slot(core, author, now));
        return new Admission(Outcome.ADDED, evicted);
    }

    /** The least recently active stranger: idle only, unless the newcomer is privileged. */
    private Slot victim(long now, boolean forPrivileged, Predicate<String> privileged) {
        Slot oldest = null;
        for (Slot s : byCore.values()) {
            if (!privileged.test(s.author()) && (oldest == null || s.lastActive() < oldest.lastActive())) {
                oldest = s;
            }
        }
        return oldest != null && (forPrivileged || idle(oldest, now)) ? oldest : null;
    }

    private static boolean idle(Slot s, long now) {
        return s.lastActive() <= now - IDLE_MILLIS;
    }

    /** The core was active (a message read from it); unknown cores are ignored. */
    void touch(String core, long now) {
        Slot s = byCore.get(core);
        if (s != null && s.lastActive() < now) {
            byCore.put(core, new Slot(core, s.author(), now));
        }
    }

    /**
     * Binds a core to another author: for a core whose own blocks name {@code author}, announced first by someone
     * else (core keys are no secret to the room). Only the core's writer can write its blocks, so they settle it.
     */
    void rebind(String core, String author, long now) {
        if (byCore.containsKey(core)) {
            byCore.values().removeIf(s -> s.author().equals(author) && !s.core().equals(core));
            byCore.put(core, new Slot(core, author, now));
        }
    }

    /** Takes back a slot read from rooms.json. */
    boolean restore(Slot slot) {
        if (byCore.size() >= MAX_CORES || byCore.containsKey(slot.core())) {
            return false;
        }
        byCore.put(slot.core(), slot);
        return true;
    }

    Optional<Slot> get(String core) {
        return Optional.ofNullable(byCore.get(core));
    }

    boolean hasAuthor(String author) {
        return byCore.values().stream().anyMatch(s -> s.author().equals(author));
    }

    List<Slot> all() {
        return new ArrayList<>(byCore.values());
    }

    int size() {
        return byCore.size();
    }
}
