package org.p2pstack.core.internal.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.profile.Profile;
import org.p2pstack.api.profile.ProfileService;
import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.api.swarm.HypercoreService;
import org.p2pstack.api.swarm.SwarmMessage;
import org.p2pstack.api.swarm.SwarmPeer;
import org.p2pstack.api.swarm.SwarmService;
import org.p2pstack.util.files.AtomicFiles;
import org.p2pstack.core.internal.directory.DirectoryService;
import org.p2pstack.core.internal.directory.Follows;
import org.p2pstack.core.internal.directory.ProfileRecord;
import org.p2pstack.core.internal.events.EventHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat rooms on Hypercore. A room is named by its owner's swarm key; the home page's room is this node's
 * own, and the node also sits in the rooms of the people it follows (and any joined by key). In each room
 * every participant appends to a core of their own ({@code chat-<room>} in their corestore); participants
 * meet on the room's swarm topic, tell each other their core keys over the swarm's protomux message
 * channel ({@code {"p":"p2pstack-chat/1","t":"cores","r":[[room, core], ...]}}), and replicate the cores.
 * A core belongs to the peer that announced it over its (Noise-authenticated) connection, and each block
 * names its author, so one participant cannot write as another. The room's page merges the logs by time.
 * Announcements name only the rooms whose topic the receiving peer is on (a peer met on another topic, the
 * directory's say, learns nothing of our rooms), and announcements from a peer not on a room's topic are ignored.
 * A room's slots ({@link RoomSlots}) are freed after inactivity, and its owner and followed people always get one.
 */
@Component(service = ChatService.class, immediate = true)
public final class ChatService {

    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);
    static final String PROTOCOL = "p2pstack-chat/1";
    private static final byte[] PREFIX = ("{\"p\":\"" + PROTOCOL + "\"").getBytes(StandardCharsets.UTF_8);
    /** Rooms a node sits in. */
    static final int MAX_ROOMS = 64;
    /** Participants' cores remembered per room. */
    static final int MAX_CORES_PER_ROOM = RoomSlots.MAX_CORES;
    /** Rooms of ours one peer may hold a core in (one core per room); the owner's own room and followed people are exempt. */
    static final int MAX_ROOMS_PER_PEER = 16;
    /** Shortest time between two extra lookups of a room's topic (for a peer whose topic we do not know yet)... */
    static final long LOOK_AGAIN_MILLIS = 60_000;
    /** ...and between two extra lookups of any rooms' topics: peers cannot make us query the DHT much. */
    static final long LOOK_AGAIN_ANY_MILLIS = 5_000;
    /** Largest core announcement read. */
    static final int MAX_ANNOUNCE_BYTES = 16 * 1024;
    /** Blocks read from the end of a core: the history shown is the newest part of each log. */
    static final int HISTORY_PER_CORE = 500;
    /** Our own sending pace: this many messages per window, so a stuck key cannot fill the log. */
    static final int SEND_BURST = 10;
    static final long SEND_WINDOW_MILLIS = 10_000;
    static final long ANNOUNCE_SECONDS = 60;
    static final long RETRY_SECONDS = 10;
    static final int QUEUE = 4096;
    /** What a page is told about who can see it. */
    public static final String NOTICE = "Chat connects you directly to the other people in the room over Hyperswarm. "
            + "Unlike your I2P address, this is not anonymous: they can see your computer's internet address.";

    /** A room this node sits in. */
    static final class Room {
        final String id;
        final String source;
        final RoomSlots slots = new RoomSlots();
        final RoomLog log = new RoomLog();
        final String topicHex;
        String ownCore;
        long lookedAgain;

        Room(String id, String source) {
            this.id = id;
            this.source = source;
            this.topicHex = java.util.HexFormat.of().formatHex(topic(id));
        }
    }

    /** Reading position in one core. */
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

    private final SwarmService swarm;
    private final HypercoreService hypercores;
    private final DirectoryService directory;
    private final ProfileService profiles;
    private final EventHub events;
    private final Path file;
    private final Clock clock;
    private final Object lock = new Object();
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private final Map<String, CoreState> coreStates = new HashMap<>();
    private final Deque<Long> sent = new ArrayDeque<>();
    private final List<Consumer<Map<String, Object>>> listeners = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor worker;
    private final ScheduledExecutorService timer;
    private final List<AutoCloseable> handles = new ArrayList<>();
    private volatile String ownKey = "";
    private volatile Follows follows;
    private volatile AutoCloseable followsHandle;
    /** Swarm keys of the people we follow (those whose record names one). */
    private volatile Set<String> followedKeys = Set.of();
    private long lastSentTime;
    private long lookedAgainAny;

    @Activate
    public ChatService(@Reference NodeEnvironment environment, @Reference SwarmService swarm,
            @Reference HypercoreService hypercores, @Reference DirectoryService directory,
            @Reference ProfileService profiles, @Reference EventHub events) {
        this(environment.dataDir("chat").resolve("rooms.json"), swarm, hypercores, directory, profiles, events, Clock.systemUTC());
    }

    /** For tests: rooms kept in {@code file}, time from {@code clock}. */
    ChatService(Path file, SwarmService swarm, HypercoreService hypercores, DirectoryService directory,
            ProfileService profiles, EventHub events, Clock clock) {
        this.swarm = swarm;
        this.hypercores = hypercores;
        this.directory = directory;
        this.profiles = profiles;
        this.events = events;
        this.file = file;
        this.clock = clock;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> daemon(r, "chat"), new ThreadPoolExecutor.DiscardPolicy());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "chat-timer"));
        handles.add(swarm.onMessage(this::onMessage));
        handles.add(swarm.onConnection(peer -> worker.execute(() -> announceTo(peer))));
        handles.add(hypercores.onAppend(this::onAppend));
        waitForSwarm();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The swarm key (our room's id) exists once the swarm stack has started, which takes a few seconds. */
    private void waitForSwarm() {
        timer.schedule(() -> {
            if (swarm.publicKey() == null || swarm.publicKey().isEmpty()) {
                waitForSwarm();
            } else {
                worker.execute(this::start);
            }
        }, 1, TimeUnit.SECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindFollows(Follows f) {
        closeQuietly(followsHandle);
        follows = f;
        followsHandle = f.onChange(() -> worker.execute(this::syncFollows));
        worker.execute(this::syncFollows);
    }

    void unbindFollows(Follows f) {
        if (follows == f) {
            closeQuietly(followsHandle);
            followsHandle = null;
            follows = null;
        }
    }

    // ------------------------------------------------------------------ rooms (worker thread)

    private void start() {
        ownKey = swarm.publicKey();
        load();
        addRoom(ownKey, "own");
        syncFollows();
        timer.scheduleWithFixedDelay(() -> worker.execute(this::announceAll), ANNOUNCE_SECONDS, ANNOUNCE_SECONDS, TimeUnit.SECONDS);
        LOG.info("chat: {} room(s), ours is {}", rooms.size(), ownKey);
    }

    private void syncFollows() {
        if (ownKey.isEmpty()) {
            return; // start() syncs
        }
        Follows f = follows;
        Set<String> wanted = new LinkedHashSet<>();
        if (f != null) {
            for (ProfileRecord r : f.following()) {
                // a record names the swarm key only when its owner linked their networks; without it, their room
                // is joined by its key, shared some other way (POST /api/chat/rooms)
                String key = r.swarmKey() == null ? "" : r.swarmKey().toLowerCase(java.util.Locale.ROOT);
                if (ChatBlocks.isKey(key) && !key.equals(ownKey)) {
                    wanted.add(key);
                }
            }
        }
        followedKeys = Set.copyOf(wanted);
        List<String> gone = new ArrayList<>();
        synchronized (lock) {
            rooms.values().stream().filter(r -> r.source.equals("follow") && !wanted.contains(r.id)).forEach(r -> gone.add(r.id));
        }
        gone.forEach(this::leaveRoom);
        for (String id : wanted) {
            try {
                addRoom(id, "follow");
            } catch (IllegalStateException full) {
                LOG.warn("chat: not joining the room of {}: {}", id, full.getMessage());
            }
        }
    }

    /** Enters a room (idempotent): our core for it, the topic, and the participants' cores known from before. */
    private Room addRoom(String id, String source) {
        Room room;
        List<Map.Entry<String, String>> known;
        synchronized (lock) {
            room = rooms.get(id);
            if (room != null) {
                return room;
            }
            if (rooms.size() >= MAX_ROOMS) {
                throw new IllegalStateException("You are already in " + MAX_ROOMS + " chat rooms; leave one first.");
            }
            room = new Room(id, source);
            rooms.put(id, room);
            Room loaded = persisted.remove(id);
            if (loaded != null) {
                loaded.slots.all().forEach(room.slots::restore);
            }
            known = room.slots.all().stream().map(slot -> Map.entry(slot.core(), slot.author())).toList();
        }
        save();
        Room r = room;
        hypercores.open("chat-" + id).whenCompleteAsync((info, e) -> {
            if (e != null) {
                LOG.warn("chat: could not open our core for room {}: {}", id, e.getMessage());
                return;
            }
            synchronized (lock) {
                r.ownCore = info.key();
            }
            track(info.key(), r, ownKey, info.length());
            announceAll();
            roomsChanged();
        }, worker);
        swarm.join(topic(id), true, true).whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("chat: could not join the topic of room {}: {}", id, e.getMessage());
            }
        });
        for (Map.Entry<String, String> core : known) {
            openRemote(r, core.getKey(), core.getValue());
        }
        return room;
    }

    private void leaveRoom(String id) {
        synchronized (lock) {
            Room room = rooms.remove(id);
            if (room == null) {
                return;
            }
            coreStates.values().removeIf(c -> c.room == room);
        }
        save();
        swarm.leave(topic(id));
        roomsChanged();
    }

    /** Tells the pages that a room can now be written in, or is gone (e.g. after a follow or an unfollow). */
    private void roomsChanged() {
        events.publish("chatrooms", Map.of("rooms", rooms()));
    }

    private void openRemote(Room room, String core, String author) {
        track(core, room, author, 0);
        hypercores.openRemote(core).whenCompleteAsync((info, e) -> {
            if (e != null) {
                LOG.debug("chat: core {} not opened: {}", core, e.getMessage());
                return;
            }
            track(core, room, author, info.length());
        }, worker);
    }

    private void track(String core, Room room, String author, long length) {
        CoreState state;
        synchronized (lock) {
            state = coreStates.get(core);
            // a reply for a room left meanwhile may have re-created the core's state; it must not block the room now
            if (state == null || rooms.get(state.room.id) != state.room) {
                state = new CoreState(core, room, author);
                coreStates.put(core, state);
            }
            state.length = Math.max(state.length, length);
        }
        read(state);
    }

    private void onAppend(HypercoreInfo info) {
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

    /** Reads the core's new blocks one after the other (never more than the newest {@link #HISTORY_PER_CORE}). */
    private void read(CoreState state) {
        long index;
        synchronized (lock) {
            // a core of a room left, or evicted from its room, is read no more
            if (state.reading || state.next >= state.length || rooms.get(state.room.id) != state.room
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
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("room", state.room.id);
            event.put("message", describe(message));
            events.publish("chat", event);
            listeners.forEach(l -> l.accept(event));
        } else {
            LOG.debug("chat: block {} of {} skipped: {}", index, state.key, outcome);
        }
    }

    // ------------------------------------------------------------------ core announcements

    /** Our cores for the rooms whose topic {@code peer} is on; null when it is on none of them. */
    private byte[] announcement(SwarmPeer peer) {
        JsonObject m = new JsonObject();
        m.addProperty("p", PROTOCOL); // first: other protocols share the channel, they are told apart by the start
        m.addProperty("t", "cores");
        JsonArray list = new JsonArray();
        synchronized (lock) {
            for (Room r : rooms.values()) {
                if (r.ownCore != null && peer.isOn(r.topicHex)) {
                    JsonArray e = new JsonArray();
                    e.add(r.id);
                    e.add(r.ownCore);
                    list.add(e);
                }
            }
        }
        if (list.isEmpty()) {
            return null;
        }
        m.add("r", list);
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void announceAll() {
        for (SwarmPeer peer : swarm.peers()) {
            announceTo(peer);
        }
    }

    private void announceTo(SwarmPeer peer) {
        byte[] data = announcement(peer);
        if (data != null) {
            sendTo(peer.publicKey(), data);
        }
    }

    private void sendTo(String peerKey, byte[] data) {
        try {
            swarm.send(peerKey, data).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.debug("chat: announcement to {} not sent: {}", peerKey, e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("chat: announcement to {} not sent: {}", peerKey, e.getMessage());
        }
    }

    static boolean isChat(byte[] data) {
        return data != null && data.length >= PREFIX.length && Arrays.equals(data, 0, PREFIX.length, PREFIX, 0, PREFIX.length);
    }

    /** Reads an announcement: the (room, core) pairs in it, or empty for anything malformed or oversized. */
    static List<String[]> parseAnnouncement(byte[] data) {
        if (!isChat(data) || data.length > MAX_ANNOUNCE_BYTES) {
            return List.of();
        }
        try {
            JsonElement root = JsonParser.parseString(new String(data, StandardCharsets.UTF_8));
            if (!root.isJsonObject() || !"cores".equals(text(root.getAsJsonObject().get("t")))) {
                return List.of();
            }
            JsonElement r = root.getAsJsonObject().get("r");
            if (r == null || !r.isJsonArray() || r.getAsJsonArray().size() > MAX_ROOMS) {
                return List.of();
            }
            List<String[]> out = new ArrayList<>();
            for (JsonElement e : r.getAsJsonArray()) {
                if (e.isJsonArray() && e.getAsJsonArray().size() == 2) {
                    String room = text(e.getAsJsonArray().get(0));
                    String core = text(e.getAsJsonArray().get(1));
                    if (ChatBlocks.isKey(room) && ChatBlocks.isKey(core)) {
                        out.add(new String[] { room, core });
                    }
                }
            }
            return out;
        } catch (JsonParseException | StackOverflowError e) {
            return List.of();
        }
    }

    private static String text(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }

    private void onMessage(SwarmMessage message) {
        if (!isChat(message.data())) {
            return;
        }
        worker.execute(() -> {
            List<String[]> pairs = parseAnnouncement(message.data());
            if (pairs.isEmpty()) {
                return;
            }
            String peerKey = message.peerKey();
            SwarmPeer from = swarm.peers().stream().filter(p -> p.publicKey().equals(peerKey)).findFirst().orElse(null);
            boolean learned = false;
            long now = clock.millis();
            List<Room> lookAgain = new ArrayList<>();
            for (String[] pair : pairs) {
                Room room;
                RoomSlots.Admission admission = null;
                CoreState rebound = null;
                synchronized (lock) {
                    room = rooms.get(pair[0]);
                    if (room == null || pair[1].equals(room.ownCore)) {
                        continue; // not our room, or our own core
                    }
                    if (from == null || !from.isOn(room.topicHex)) {
                        // not known to be on the room's topic: ignored; if it just joined, our next lookup finds it
                        lookAgain.add(room);
                        continue;
                    }
                    CoreState state = coreStates.get(pair[1]);
                    Optional<RoomSlots.Slot> slot = room.slots.get(pair[1]);
                    if (slot.isPresent() && !slot.get().author().equals(peerKey) && state != null && state.room == room
                            && peerKey.equals(state.claimedBy)) {
                        // the core's own blocks name this peer: whoever announced it first was not its writer
                        room.slots.rebind(pair[1], peerKey, now);
                        state.author = peerKey;
                        state.claimedBy = null;
                        state.next = 0;
                        rebound = state;
                        forgetCoresOutside(room);
                    } else {
                        boolean privileged = privileged(room, peerKey);
                        if (slot.isEmpty() && !room.slots.hasAuthor(peerKey) && !privileged && roomsOf(peerKey) >= MAX_ROOMS_PER_PEER) {
                            continue; // one peer, many rooms: its cap is reached
                        }
                        admission = room.slots.admit(pair[1], peerKey, now, author -> privileged(room, author));
                        if (admission.evicted() != null) {
                            forgetCoresOutside(room);
                        }
                    }
                }
                if (rebound != null) {
                    learned = true;
                    read(rebound);
                } else if (admission.admitted()) {
                    learned = true;
                    openRemote(room, pair[1], peerKey);
                }
            }
            lookAgain.forEach(room -> lookAgain(room, now));
            if (learned) {
                save();
                if (from != null) {
                    announceTo(from); // they may not know ours yet; only on news, so this cannot loop
                }
            }
        });
    }

    /** Stops reading the cores that lost their slot in {@code room} (not our own). Caller holds the lock. */
    private void forgetCoresOutside(Room room) {
        coreStates.values().removeIf(c -> c.room == room && !c.key.equals(room.ownCore) && room.slots.get(c.key).isEmpty());
    }

    /** The room's owner and the people we follow: never evicted, never locked out. */
    private boolean privileged(Room room, String author) {
        return author.equals(room.id) || followedKeys.contains(author);
    }

    /** In how many of our rooms {@code peerKey} holds a core. Caller holds the lock. */
    private int roomsOf(String peerKey) {
        int n = 0;
        for (Room r : rooms.values()) {
            n += r.slots.hasAuthor(peerKey) ? 1 : 0;
        }
        return n;
    }

    /**
     * Looks the room's topic up again (at most every {@link #LOOK_AGAIN_MILLIS}): a peer that found us there knows
     * it, but we learn it only from our own lookup. Then our cores go to whoever is now known to be there, and a
     * newcomer answers with theirs.
     */
    private void lookAgain(Room room, long now) {
        synchronized (lock) {
            if (rooms.get(room.id) != room || now - room.lookedAgain < LOOK_AGAIN_MILLIS
                    || now - lookedAgainAny < LOOK_AGAIN_ANY_MILLIS) {
                return;
            }
            room.lookedAgain = now;
            lookedAgainAny = now;
        }
        swarm.join(topic(room.id), true, true).whenCompleteAsync((v, e) -> {
            if (e == null) {
                announceAll();
            }
        }, worker);
    }

    // ------------------------------------------------------------------ API (any thread)

    /** This node's own room id (its swarm key); empty until the swarm stack has started. */
    public String ownRoom() {
        return ownKey;
    }

    /** Joins someone's room by its id (their swarm key, hex). */
    public CompletionStage<Void> join(String roomId) {
        String id = roomId == null ? "" : roomId.strip().toLowerCase(java.util.Locale.ROOT);
        if (!ChatBlocks.isKey(id)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("A room is named by 64 hexadecimal characters (its owner's swarm key)."));
        }
        if (ownKey.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("The swarm network has not started yet; try again in a moment."));
        }
        return CompletableFuture.runAsync(() -> addRoom(id, "joined"), worker);
    }

    /** Sends {@code text} to a room we are in (our own when {@code roomId} is empty); completes with the message. */
    public CompletionStage<ChatMessage> send(String roomId, String text) {
        String body;
        try {
            body = ChatBlocks.checkText(text);
        } catch (ChatBlocks.InvalidMessageException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(e.getMessage()));
        }
        String id = roomId == null || roomId.isBlank() ? ownKey : roomId.strip().toLowerCase(java.util.Locale.ROOT);
        if (!id.isEmpty() && !ChatBlocks.isKey(id)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("A room is named by 64 hexadecimal characters."));
        }
        String core;
        long time;
        synchronized (lock) {
            Room room = rooms.get(id);
            if (room == null && !ownKey.isEmpty() && !id.equals(ownKey)) {
                // the page's mistake, not the node's: nothing to retry
                return CompletableFuture.failedFuture(new IllegalArgumentException("You are not in that chat room."));
            }
            if (room == null || room.ownCore == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("The chat is still starting; try again in a moment."));
            }
            long now = clock.millis();
            while (!sent.isEmpty() && sent.peekFirst() <= now - SEND_WINDOW_MILLIS) {
                sent.pollFirst();
            }
            if (sent.size() >= SEND_BURST) {
                return CompletableFuture.failedFuture(new TooFastException());
            }
            sent.addLast(now);
            time = Math.max(now, lastSentTime); // a participant's messages go forward in time (RoomLog)
            lastSentTime = time;
            core = room.ownCore;
        }
        byte[] block = ChatBlocks.encode(id, ownKey, time, body);
        return hypercores.append(core, block).thenApply(length -> new ChatMessage(id, core, length - 1, ownKey, time, body));
    }

    /** Thrown when this node sends faster than {@link #SEND_BURST} per {@link #SEND_WINDOW_MILLIS}. */
    public static final class TooFastException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        TooFastException() {
            super("You are sending messages very fast. Wait a few seconds, then try again.");
        }
    }

    /** The newest messages of a room, oldest first, each with its author's nickname and picture. */
    public List<Map<String, Object>> messages(String roomId, int limit) {
        String id = roomId == null || roomId.isBlank() ? ownKey : roomId.strip().toLowerCase(java.util.Locale.ROOT);
        List<ChatMessage> list;
        synchronized (lock) {
            Room room = rooms.get(id);
            list = room == null ? List.of() : room.log.latest(Math.max(1, Math.min(limit, RoomLog.MAX_MESSAGES)));
        }
        return list.stream().map(this::describe).toList();
    }

    /** The rooms we are in. */
    public List<Map<String, Object>> rooms() {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Room> copy;
        synchronized (lock) {
            copy = new ArrayList<>(rooms.values());
        }
        for (Room r : copy) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id);
            m.put("source", r.source);
            m.put("owner", author(r.id).get("nickname"));
            synchronized (lock) {
                m.put("participants", r.slots.size() + 1);
                m.put("messages", r.log.size());
                m.put("ready", r.ownCore != null);
            }
            out.add(m);
        }
        return out;
    }

    /** Calls {@code listener} with every new message ({@code {room, message}}) until the handle is closed. */
    public AutoCloseable onMessage(Consumer<Map<String, Object>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    Map<String, Object> describe(ChatMessage m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("room", m.room());
        out.put("time", m.time());
        out.put("at", Instant.ofEpochMilli(m.time()).toString());
        out.put("text", m.text());
        out.put("author", m.author());
        out.putAll(author(m.author()));
        out.put("mine", m.author().equals(ownKey));
        return out;
    }

    /** Nickname, picture and b32 of the person behind a swarm key: ourselves, or whom the directory names. */
    private Map<String, Object> author(String swarmKey) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (swarmKey.equals(ownKey)) {
            Optional<Profile> me = profiles.profile();
            out.put("nickname", me.map(Profile::nickname).orElse("You"));
            out.put("avatarUrl", me.filter(Profile::hasAvatar).map(p -> "/api/profile/avatar?v=" + p.revision()).orElse(null));
            out.put("b32", null);
            return out;
        }
        Optional<ProfileRecord> record = directory.bySwarmKey(swarmKey);
        out.put("nickname", record.map(ProfileRecord::nickname).orElse("Someone " + swarmKey.substring(0, 8)));
        // the picture comes from their public site over I2P, relayed by the friends' API
        out.put("avatarUrl", record.filter(r -> r.avatar() != null && !r.avatar().isEmpty())
                .map(r -> "/api/friends/" + r.b32() + "/avatar?v="
                        + java.net.URLEncoder.encode(r.avatar(), StandardCharsets.UTF_8)).orElse(null));
        out.put("b32", record.map(ProfileRecord::b32).orElse(null));
        return out;
    }

    static byte[] topic(String roomId) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(("p2pstack-chat-v1\n" + roomId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    // ------------------------------------------------------------------ persistence

    /** Rooms read from the file, waiting to be entered (own/follow rooms are entered by start and syncFollows). */
    private final Map<String, Room> persisted = new HashMap<>();

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            List<String> joined = new ArrayList<>();
            synchronized (lock) {
                for (JsonElement e : root.getAsJsonArray()) {
                    JsonObject o = e.getAsJsonObject();
                    String id = text(o.get("id"));
                    String source = text(o.get("source"));
                    if (!ChatBlocks.isKey(id) || source == null || persisted.size() >= MAX_ROOMS) {
                        continue;
                    }
                    Room room = new Room(id, source);
                    JsonObject cores = o.has("cores") && o.get("cores").isJsonObject() ? o.getAsJsonObject("cores") : new JsonObject();
                    for (Map.Entry<String, JsonElement> c : cores.entrySet()) {
                        // {"author", "active"}; files from before slots expired hold the author alone: idle since ever
                        JsonElement v = c.getValue();
                        boolean slot = v.isJsonObject();
                        String author = text(slot ? v.getAsJsonObject().get("author") : v);
                        long active = slot && v.getAsJsonObject().has("active") ? v.getAsJsonObject().get("active").getAsLong() : 0;
                        if (ChatBlocks.isKey(c.getKey()) && ChatBlocks.isKey(author)) {
                            room.slots.restore(new RoomSlots.Slot(c.getKey(), author, active));
                        }
                    }
                    persisted.put(id, room);
                    if (source.equals("joined")) {
                        joined.add(id);
                    }
                }
            }
            joined.forEach(id -> addRoom(id, "joined"));
        } catch (IOException | RuntimeException e) {
            LOG.warn("chat rooms file {} unreadable: {}", file, e.getMessage());
        }
    }

    /** A room as rooms.json keeps it. */
    private static JsonObject saved(Room r) {
        JsonObject o = new JsonObject();
        o.addProperty("id", r.id);
        o.addProperty("source", r.source);
        JsonObject cores = new JsonObject();
        for (RoomSlots.Slot slot : r.slots.all()) {
            JsonObject c = new JsonObject();
            c.addProperty("author", slot.author());
            c.addProperty("active", slot.lastActive());
            cores.add(slot.core(), c);
        }
        o.add("cores", cores);
        return o;
    }

    private void save() {
        JsonArray all = new JsonArray();
        synchronized (lock) {
            for (Room r : rooms.values()) {
                all.add(saved(r));
            }
            // follow rooms not entered yet (the follow list arrives later) keep what we knew of them
            for (Room r : persisted.values()) {
                if (!rooms.containsKey(r.id) && !r.source.equals("joined")) {
                    all.add(saved(r));
                }
            }
        }
        try {
            AtomicFiles.write(file, all.toString().getBytes(StandardCharsets.UTF_8), file.getParent());
        } catch (IOException e) {
            LOG.warn("could not save the chat rooms: {}", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        handles.forEach(ChatService::closeQuietly);
        closeQuietly(followsHandle);
        timer.shutdownNow();
        worker.shutdownNow();
    }

    private static void closeQuietly(AutoCloseable handle) {
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                // nothing left to do
            }
        }
    }
}
