package org.p2pstack.social.internal.chat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.p2pstack.api.chat.ChatMessage;
import org.p2pstack.api.chat.ChatRoom;
import org.p2pstack.api.chat.ChatService;
import org.p2pstack.api.directory.Directory;
import org.p2pstack.api.events.PageEvents;
import org.p2pstack.api.follow.FollowListener;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.api.profile.ProfileService;
import org.p2pstack.api.swarm.HypercoreService;
import org.p2pstack.api.swarm.SwarmMessage;
import org.p2pstack.api.swarm.SwarmPeer;
import org.p2pstack.api.swarm.SwarmService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat rooms on Hypercore: which rooms the node sits in and who has a slot in each. A room is named by its owner's
 * swarm key; the home page's room is this node's own, and the node also sits in the rooms of the people it follows
 * (told by the follow service, as a {@link FollowListener}) and any joined by key. In each room every participant
 * appends to a core of their own ({@code chat-<room>} in their corestore); participants meet on the room's swarm
 * topic, tell each other their core keys ({@link ChatAnnouncements}) and replicate the cores, which
 * {@link CoreReader} reads into the room's log. A core belongs to the peer that announced it over its
 * (Noise-authenticated) connection, and each block names its author, so one participant cannot write as another.
 * Announcements name only the rooms the receiving peer is in as far as we know: it is on the room's topic, or it
 * named the room to us first (a peer met on another topic, the directory's say, learns nothing of our rooms). A peer
 * that names a room knows its key, which is all that being in it takes, so its announcement counts before our own
 * lookup of the topic finds it there (behind NATs that lookup took minutes).
 * A room's slots ({@link RoomSlots}) are freed after inactivity, and its owner and followed people always get one.
 * The rooms and their participants are kept in {@link RoomsFile}.
 */
@Component(service = { ChatService.class, FollowListener.class }, immediate = true)
public final class ChatRooms implements ChatService, FollowListener {

    private static final Logger LOG = LoggerFactory.getLogger(ChatRooms.class);
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
    /** Peers whose named rooms are remembered (a bound: the swarm keeps far fewer connections). */
    static final int MAX_PEERS_NAMING = 256;
    /** Our own sending pace: this many messages per window, so a stuck key cannot fill the log. */
    static final int SEND_BURST = 10;
    static final long SEND_WINDOW_MILLIS = 10_000;
    static final long ANNOUNCE_SECONDS = 60;
    /** How long a message written right after joining a room waits for our core for it to open. */
    static final long OWN_CORE_WAIT_SECONDS = 15;
    /** How long a message written while the node starts waits for the chat to be up (the swarm takes seconds). */
    static final long START_WAIT_SECONDS = 45;
    static final int QUEUE = 4096;

    private final SwarmService swarm;
    private final HypercoreService hypercores;
    private final PageEvents events;
    private final ChatJson json;
    private final RoomsFile store;
    private final Clock clock;
    private final Object lock = new Object();
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    /** Rooms read from the file, waiting to be entered (own/follow rooms are entered by start and syncFollows). */
    private final Map<String, RoomsFile.SavedRoom> persisted = new HashMap<>();
    private final Deque<Long> sent = new ArrayDeque<>();
    private final List<Consumer<ChatMessage>> listeners = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor worker;
    private final ScheduledExecutorService timer;
    private final CoreReader reader;
    private final List<AutoCloseable> handles = new ArrayList<>();
    private volatile String ownKey = "";
    /** Completes once the rooms are loaded and entered: a message written while the node starts waits for it. */
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    /** The follow list as last told; empty until the follow service tells it. */
    private volatile List<ProfileRecord> following = List.of();
    /** Swarm keys of the people we follow (those whose record names one). */
    private volatile Set<String> followedKeys = Set.of();
    private long lastSentTime;
    private long lookedAgainAny;
    /** Rooms of ours each peer named in its announcements (guarded by the lock; bounded). */
    private final Map<String, Set<String>> namedBy = new LinkedHashMap<>();

    @Activate
    public ChatRooms(@Reference NodeEnvironment environment, @Reference SwarmService swarm,
            @Reference HypercoreService hypercores, @Reference Directory directory,
            @Reference ProfileService profiles, @Reference PageEvents events) {
        this(environment.dataDir("chat").resolve("rooms.json"), swarm, hypercores, directory, profiles, events, Clock.systemUTC());
    }

    /** For tests: rooms kept in {@code file}, time from {@code clock}. */
    ChatRooms(Path file, SwarmService swarm, HypercoreService hypercores, Directory directory,
            ProfileService profiles, PageEvents events, Clock clock) {
        this.swarm = swarm;
        this.hypercores = hypercores;
        this.events = events;
        this.json = new ChatJson(profiles, directory);
        this.store = new RoomsFile(file);
        this.clock = clock;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> daemon(r, "chat"), new ThreadPoolExecutor.DiscardPolicy());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "chat-timer"));
        this.reader = new CoreReader(hypercores, lock, room -> rooms.get(room.id) == room, worker, timer, clock,
                this::added);
        handles.add(swarm.onMessage(this::onMessage));
        handles.add(swarm.onConnection(peer -> worker.execute(() -> announceTo(peer))));
        handles.add(hypercores.onAppend(reader::onAppend));
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

    /** The follow list: the node sits in the rooms of the people it follows (those whose record names their room). */
    @Override
    public void followsChanged(List<ProfileRecord> followed) {
        following = List.copyOf(followed);
        worker.execute(this::syncFollows);
    }

    // ------------------------------------------------------------------ rooms (worker thread)

    private void start() {
        ownKey = swarm.publicKey();
        load();
        addRoom(ownKey, "own");
        syncFollows();
        timer.scheduleWithFixedDelay(() -> worker.execute(this::announceAll), ANNOUNCE_SECONDS, ANNOUNCE_SECONDS, TimeUnit.SECONDS);
        LOG.info("chat: {} room(s), ours is {}", rooms.size(), ownKey);
        started.complete(null);
    }

    private void syncFollows() {
        if (ownKey.isEmpty()) {
            return; // start() syncs
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (ProfileRecord r : following) {
            // a record names the swarm key only when its owner linked their networks; without it, their room
            // is joined by its key, shared some other way (POST /api/chat/rooms)
            String key = r.swarmKey() == null ? "" : r.swarmKey().toLowerCase(Locale.ROOT);
            if (ChatBlocks.isKey(key) && !key.equals(ownKey)) {
                wanted.add(key);
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
            RoomsFile.SavedRoom loaded = persisted.remove(id);
            if (loaded != null) {
                loaded.slots().forEach(room.slots::restore);
            }
            known = room.slots.all().stream().map(slot -> Map.entry(slot.core(), slot.author())).toList();
        }
        save();
        LOG.info("chat: in room {} ({})", id, source);
        Room r = room;
        hypercores.open("chat-" + id).whenCompleteAsync((info, e) -> {
            if (e != null) {
                LOG.warn("chat: could not open our core for room {}: {}", id, e.getMessage());
                r.ownCoreOpened.completeExceptionally(e);
                return;
            }
            synchronized (lock) {
                r.ownCore = info.key();
            }
            r.ownCoreOpened.complete(info.key());
            reader.track(info.key(), r, ownKey, info.length());
            announceAll();
            roomsChanged();
        }, worker);
        swarm.join(Room.topic(id), true, true).whenCompleteAsync((v, e) -> {
            if (e != null) {
                LOG.warn("chat: could not join the topic of room {}: {}", id, e.getMessage());
            } else {
                // the lookup may have found people we are connected to already (met on another topic): no new
                // connection tells us, so our cores go to them now, not at the next round a minute on
                announceAll();
            }
        }, worker);
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
            reader.forgetRoom(room);
        }
        save();
        swarm.leave(Room.topic(id));
        roomsChanged();
    }

    /** Tells the pages that a room can now be written in, or is gone (e.g. after a follow or an unfollow). */
    private void roomsChanged() {
        events.publish("chatrooms", Map.of("rooms", json.rooms(rooms(), ownKey)));
    }

    private void openRemote(Room room, String core, String author) {
        reader.track(core, room, author, 0);
        hypercores.openRemote(core).whenCompleteAsync((info, e) -> {
            if (e != null) {
                LOG.debug("chat: core {} not opened: {}", core, e.getMessage());
                return;
            }
            reader.track(core, room, author, info.length());
        }, worker);
    }

    /** A message the reader added to a room's log: to the pages and the listeners. */
    private void added(Room room, ChatMessage message) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("room", room.id);
        event.put("message", json.message(message, ownKey));
        events.publish("chat", event);
        for (Consumer<ChatMessage> listener : listeners) {
            try {
                listener.accept(message);
            } catch (RuntimeException e) {
                LOG.warn("A chat listener failed", e);
            }
        }
    }

    // ------------------------------------------------------------------ core announcements

    /**
     * Our cores for the rooms {@code peer} is in, as far as we know: it is on their topic, or it named them to us
     * (knowing a room's key is what being in it means); null when there are none.
     */
    private byte[] announcement(SwarmPeer peer) {
        List<ChatAnnouncements.Pair> pairs = new ArrayList<>();
        synchronized (lock) {
            Set<String> named = namedBy.getOrDefault(peer.publicKey(), Set.of());
            for (Room r : rooms.values()) {
                if (r.ownCore != null && (peer.isOn(r.topicHex) || named.contains(r.id))) {
                    pairs.add(new ChatAnnouncements.Pair(r.id, r.ownCore));
                }
            }
        }
        return pairs.isEmpty() ? null : ChatAnnouncements.encode(pairs);
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

    private void onMessage(SwarmMessage message) {
        if (!ChatAnnouncements.isChat(message.data())) {
            return;
        }
        worker.execute(() -> {
            List<ChatAnnouncements.Pair> pairs = ChatAnnouncements.parse(message.data());
            if (pairs.isEmpty()) {
                return;
            }
            String peerKey = message.peerKey();
            SwarmPeer from = swarm.peers().stream().filter(p -> p.publicKey().equals(peerKey)).findFirst().orElse(null);
            boolean learned = false;
            long now = clock.millis();
            List<Room> lookAgain = new ArrayList<>();
            for (ChatAnnouncements.Pair pair : pairs) {
                Room room;
                RoomSlots.Admission admission = null;
                CoreReader.CoreState rebound = null;
                synchronized (lock) {
                    room = rooms.get(pair.room());
                    if (room == null || pair.core().equals(room.ownCore)) {
                        continue; // not our room, or our own core
                    }
                    if (from == null) {
                        continue; // gone already
                    }
                    if (!from.isOn(room.topicHex)) {
                        // it named the room, so it knows the room's key, which is all that being in a room takes; our
                        // own lookup of the topic may not have found it yet (a brand-new member, a slow DHT behind
                        // NATs): it is taken at its word, told our core in turn, and looked up for next time
                        rememberNamed(peerKey, room.id);
                        lookAgain.add(room);
                    }
                    CoreReader.CoreState state = reader.state(pair.core());
                    Optional<RoomSlots.Slot> slot = room.slots.get(pair.core());
                    if (slot.isPresent() && !slot.get().author().equals(peerKey) && state != null && state.room == room
                            && peerKey.equals(state.claimedBy)) {
                        // the core's own blocks name this peer: whoever announced it first was not its writer
                        room.slots.rebind(pair.core(), peerKey, now);
                        reader.rebind(state, peerKey);
                        rebound = state;
                        reader.forgetCoresOutside(room);
                    } else {
                        boolean privileged = privileged(room, peerKey);
                        if (slot.isEmpty() && !room.slots.hasAuthor(peerKey) && !privileged && roomsOf(peerKey) >= MAX_ROOMS_PER_PEER) {
                            continue; // one peer, many rooms: its cap is reached
                        }
                        admission = room.slots.admit(pair.core(), peerKey, now, author -> privileged(room, author));
                        if (admission.evicted() != null) {
                            reader.forgetCoresOutside(room);
                        }
                    }
                }
                if (rebound != null) {
                    learned = true;
                    reader.read(rebound);
                } else if (admission.admitted()) {
                    learned = true;
                    LOG.info("chat: {} is in room {}", peerKey, room.id);
                    openRemote(room, pair.core(), peerKey);
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

    /** Notes that {@code peerKey} named {@code roomId}, within bounds (caller holds the lock). */
    private void rememberNamed(String peerKey, String roomId) {
        if (!namedBy.containsKey(peerKey) && namedBy.size() >= MAX_PEERS_NAMING) {
            Set<String> connected = new java.util.HashSet<>();
            swarm.peers().forEach(p -> connected.add(p.publicKey()));
            namedBy.keySet().retainAll(connected);
            if (namedBy.size() >= MAX_PEERS_NAMING) {
                namedBy.remove(namedBy.keySet().iterator().next()); // the longest known
            }
        }
        Set<String> rooms = namedBy.computeIfAbsent(peerKey, k -> new LinkedHashSet<>());
        if (rooms.size() < MAX_ROOMS) {
            rooms.add(roomId);
        }
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
            if (rooms.get(room.id) != room || now - room.lookedAgain < LOOK_AGAIN_MILLIS) {
                return;
            }
            long wait = LOOK_AGAIN_ANY_MILLIS - (now - lookedAgainAny);
            if (wait > 0) {
                // another room's lookup just went out: this one goes next, not at the peer's next announcement a
                // minute on (rooms met on a new topic waited minutes for their turn); one retry per room at a time
                if (!room.lookAgainQueued) {
                    room.lookAgainQueued = true;
                    timer.schedule(() -> worker.execute(() -> {
                        synchronized (lock) {
                            room.lookAgainQueued = false;
                        }
                        lookAgain(room, clock.millis());
                    }), wait, TimeUnit.MILLISECONDS);
                }
                return;
            }
            room.lookedAgain = now;
            lookedAgainAny = now;
        }
        swarm.join(Room.topic(room.id), true, true).whenCompleteAsync((v, e) -> {
            if (e == null) {
                announceAll();
            }
        }, worker);
    }

    // ------------------------------------------------------------------ ChatService (any thread)

    @Override
    public String ownRoom() {
        return ownKey;
    }

    @Override
    public CompletionStage<Void> join(String roomId) {
        String id = roomId == null ? "" : roomId.strip().toLowerCase(Locale.ROOT);
        if (!ChatBlocks.isKey(id)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("A room is named by 64 hexadecimal characters (its owner's swarm key)."));
        }
        if (ownKey.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("The swarm network has not started yet; try again in a moment."));
        }
        return CompletableFuture.runAsync(() -> addRoom(id, "joined"), worker);
    }

    @Override
    public CompletionStage<ChatMessage> send(String roomId, String text) {
        String body;
        try {
            body = ChatBlocks.checkText(text);
        } catch (ChatBlocks.InvalidMessageException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(e.getMessage()));
        }
        String id = roomId == null || roomId.isBlank() ? ownKey : roomId.strip().toLowerCase(Locale.ROOT);
        if (!id.isEmpty() && !ChatBlocks.isKey(id)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("A room is named by 64 hexadecimal characters."));
        }
        if (!started.isDone()) {
            // the node has just (re)started and its swarm is still coming up: the message waits for the chat, briefly
            return sendOnce(started, START_WAIT_SECONDS, roomId, text);
        }
        String core;
        long time;
        synchronized (lock) {
            Room room = rooms.get(id);
            if (room == null && !ownKey.isEmpty() && !id.equals(ownKey)) {
                // the page's mistake, not the node's: nothing to retry
                return CompletableFuture.failedFuture(new IllegalArgumentException("You are not in that chat room."));
            }
            if (room != null && room.ownCore == null && !room.ownCoreOpened.isDone()) {
                // joined a moment ago (the page lets people write at once): the message waits for our core, briefly
                return sendOnce(room.ownCoreOpened, OWN_CORE_WAIT_SECONDS, roomId, text);
            }
            if (room == null || room.ownCore == null) {
                return CompletableFuture.failedFuture(stillStarting());
            }
            long now = clock.millis();
            while (!sent.isEmpty() && sent.peekFirst() <= now - SEND_WINDOW_MILLIS) {
                sent.pollFirst();
            }
            if (sent.size() >= SEND_BURST) {
                return CompletableFuture.failedFuture(
                        new TooFastException("You are sending messages very fast. Wait a few seconds, then try again."));
            }
            sent.addLast(now);
            time = Math.max(now, lastSentTime); // a participant's messages go forward in time (RoomLog)
            lastSentTime = time;
            core = room.ownCore;
        }
        byte[] block = ChatBlocks.encode(id, ownKey, time, body);
        return hypercores.append(core, block).thenApply(length -> new ChatMessage(id, core, length - 1, ownKey, time, body));
    }

    /** Sends once {@code ready} completes, or says the chat is still starting when it does not within the time. */
    private CompletionStage<ChatMessage> sendOnce(CompletableFuture<?> ready, long seconds, String roomId, String text) {
        return ready.copy().orTimeout(seconds, TimeUnit.SECONDS)
                .handle((done, e) -> e == null ? send(roomId, text) : CompletableFuture.<ChatMessage>failedFuture(stillStarting()))
                .thenCompose(f -> f);
    }

    private static IllegalStateException stillStarting() {
        return new IllegalStateException("The chat is still starting; try again in a moment.");
    }

    @Override
    public List<ChatMessage> messages(String roomId, int limit) {
        String id = roomId == null || roomId.isBlank() ? ownKey : roomId.strip().toLowerCase(Locale.ROOT);
        synchronized (lock) {
            Room room = rooms.get(id);
            return room == null ? List.of() : room.log.latest(Math.max(1, Math.min(limit, RoomLog.MAX_MESSAGES)));
        }
    }

    @Override
    public List<ChatRoom> rooms() {
        List<ChatRoom> out = new ArrayList<>();
        synchronized (lock) {
            for (Room r : rooms.values()) {
                out.add(new ChatRoom(r.id, r.source, r.slots.size() + 1, r.log.size(), r.ownCore != null));
            }
        }
        return out;
    }

    @Override
    public AutoCloseable onMessage(Consumer<ChatMessage> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    // ------------------------------------------------------------------ persistence

    /** Reads the rooms file: joined rooms are entered now, own and follow rooms when start and syncFollows get to them. */
    private void load() {
        List<String> joined = new ArrayList<>();
        synchronized (lock) {
            for (RoomsFile.SavedRoom saved : store.load().values()) {
                persisted.put(saved.id(), saved);
                if (saved.source().equals("joined")) {
                    joined.add(saved.id());
                }
            }
        }
        try {
            joined.forEach(id -> addRoom(id, "joined"));
        } catch (RuntimeException e) {
            LOG.warn("chat: the saved rooms could not all be entered: {}", e.getMessage());
        }
    }

    private void save() {
        List<RoomsFile.SavedRoom> all = new ArrayList<>();
        synchronized (lock) {
            for (Room r : rooms.values()) {
                all.add(RoomsFile.SavedRoom.of(r));
            }
            // follow rooms not entered yet (the follow list arrives later) keep what we knew of them
            for (RoomsFile.SavedRoom r : persisted.values()) {
                if (!rooms.containsKey(r.id()) && !r.source().equals("joined")) {
                    all.add(r);
                }
            }
        }
        store.save(all);
    }

    @Deactivate
    void deactivate() {
        started.completeExceptionally(new IllegalStateException("the chat has stopped"));
        handles.forEach(ChatRooms::closeQuietly);
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
