package org.p2pstack.social.internal.chat;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import org.p2pstack.api.chat.ChatMessage;
import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.api.swarm.HypercoreService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the participants' cores of the rooms (our own included): each core block by block, from where it was left
 * (never more than the newest {@link #HISTORY_PER_CORE}), again whenever the core grows. A block that is not a valid
 * message of the core's room and author is skipped, never the core; a valid one goes into the room's log. Shares
 * the rooms' lock: its reading positions and the rooms change together.
 */
final class CoreReader {

    private static final Logger LOG = LoggerFactory.getLogger(CoreReader.class);
    /** Blocks read from the end of a core: the history shown is the newest part of each log. */
    static final int HISTORY_PER_CORE = 500;
    static final long RETRY_SECONDS = 10;

    /** Reading position in one core (guarded by the lock). */
    static final class CoreState {
        final String key;
        final Room room;
        String author;
        /** The author the core's own blocks name when that is not {@link #author}: proof for a rebinding. */
        String claimedBy;
        long length;
        long next;
        boolean reading;

        CoreState(String key, Room room, String author) {
            this.key = key;
            this.room = room;
            this.author = author;
        }
    }

    private final HypercoreService hypercores;
    private final Object lock;
    private final Predicate<Room> entered;
    private final Executor worker;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final BiConsumer<Room, ChatMessage> added;
    private final Map<String, CoreState> coreStates = new HashMap<>();

    /**
     * @param lock    the rooms' lock, held for every change of a reading position
     * @param entered whether a room is still one the node sits in (asked with the lock held)
     * @param worker  the chat's one thread: everything but the queries runs there
     * @param added   told (on the worker, without the lock) about every message added to a room's log
     */
    CoreReader(HypercoreService hypercores, Object lock, Predicate<Room> entered, Executor worker,
            ScheduledExecutorService timer, Clock clock, BiConsumer<Room, ChatMessage> added) {
        this.hypercores = hypercores;
        this.lock = lock;
        this.entered = entered;
        this.worker = worker;
        this.timer = timer;
        this.clock = clock;
        this.added = added;
    }

    /** Starts (or goes on) reading {@code core} of {@code room}, written by {@code author}, up to {@code length}. */
    void track(String core, Room room, String author, long length) {
        CoreState state;
        synchronized (lock) {
            state = coreStates.get(core);
            // a reply for a room left meanwhile may have re-created the core's state; it must not block the room now
            if (state == null || !entered.test(state.room)) {
                state = new CoreState(core, room, author);
                coreStates.put(core, state);
            }
            state.length = Math.max(state.length, length);
        }
        read(state);
    }

    /** A core grew (any core of the corestore: only those read here count). */
    void onAppend(HypercoreInfo info) {
        worker.execute(() -> {
            CoreState state;
            synchronized (lock) {
                state = coreStates.get(info.key());
                if (state == null) {
                    return;
                }
                state.length = Math.max(state.length, info.length());
            }
            read(state);
        });
    }

    /** The reading position of {@code core}, or null. Caller holds the lock. */
    CoreState state(String core) {
        return coreStates.get(core);
    }

    /**
     * The core's own blocks name {@code author}, who announced it: it is theirs, and read again from the start as
     * theirs. Caller holds the lock; then calls {@link #read} without it.
     */
    void rebind(CoreState state, String author) {
        state.author = author;
        state.claimedBy = null;
        state.next = 0;
    }

    /** Stops reading every core of {@code room}. Caller holds the lock. */
    void forgetRoom(Room room) {
        coreStates.values().removeIf(c -> c.room == room);
    }

    /** Stops reading the cores that lost their slot in {@code room} (not our own). Caller holds the lock. */
    void forgetCoresOutside(Room room) {
        coreStates.values().removeIf(c -> c.room == room && !c.key.equals(room.ownCore) && room.slots.get(c.key).isEmpty());
    }

    /** Reads the core's new blocks one after the other (never more than the newest {@link #HISTORY_PER_CORE}). */
    void read(CoreState state) {
        long index;
        synchronized (lock) {
            // a core of a room left, or evicted from its room, is read no more
            if (state.reading || state.next >= state.length || !entered.test(state.room)
                    || coreStates.get(state.key) != state) {
                return;
            }
            state.next = Math.max(state.next, state.length - HISTORY_PER_CORE);
            state.reading = true;
            index = state.next;
        }
        hypercores.get(state.key, index).whenCompleteAsync((block, e) -> {
            synchronized (lock) {
                state.reading = false;
                if (e == null) {
                    state.next = index + 1;
                }
            }
            if (e != null) {
                LOG.debug("chat: block {} of {} not read: {}", index, state.key, e.getMessage());
                timer.schedule(() -> worker.execute(() -> read(state)), RETRY_SECONDS, TimeUnit.SECONDS);
                return;
            }
            accept(state, index, block);
            read(state);
        }, worker);
    }

    private void accept(CoreState state, long index, byte[] block) {
        ChatMessage message;
        try {
            message = ChatBlocks.decode(block, state.room.id, state.key, index, clock.instant());
        } catch (ChatBlocks.InvalidMessageException | RuntimeException e) {
            // whatever a peer wrote, the room goes on with the next block
            LOG.debug("chat: block {} of {} skipped: {}", index, state.key, e.getMessage());
            return;
        }
        RoomLog.Outcome outcome;
        synchronized (lock) {
            if (!message.author().equals(state.author)) {
                state.claimedBy = message.author(); // if that author announces this core, it is theirs
                LOG.debug("chat: block {} of {} names another author; skipped", index, state.key);
                return;
            }
            outcome = state.room.log.add(message);
            if (outcome == RoomLog.Outcome.ADDED) {
                state.room.slots.touch(state.key, clock.millis());
            }
        }
        if (outcome == RoomLog.Outcome.ADDED) {
            added.accept(state.room, message);
        } else {
            LOG.debug("chat: block {} of {} skipped: {}", index, state.key, outcome);
        }
    }
}
