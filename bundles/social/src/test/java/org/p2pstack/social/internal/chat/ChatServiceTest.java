package org.p2pstack.social.internal.chat;

import org.p2pstack.api.chat.ChatMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.chat.ChatRoom;
import org.p2pstack.api.chat.ChatService;
import org.p2pstack.api.directory.Directory;
import org.p2pstack.api.directory.KnownPerson;
import org.p2pstack.api.follow.FollowListener;
import org.p2pstack.api.node.TestNodeEnvironment;
import org.p2pstack.api.profile.Profile;
import org.p2pstack.api.profile.ProfileService;
import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.api.swarm.HypercoreService;
import org.p2pstack.api.swarm.SwarmMessage;
import org.p2pstack.api.swarm.SwarmPeer;
import org.p2pstack.api.swarm.SwarmService;
import org.p2pstack.social.internal.directory.DirectoryService;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.social.internal.RecordedPageEvents;

/**
 * The chat service between nodes whose swarm is simulated in memory (peers on a shared topic are connected,
 * a core's blocks are visible to every node that opened it): following joins the room, core keys are
 * exchanged, messages go both ways, a hostile participant's bad blocks and extra cores change nothing, and a
 * restarted service reads its rooms and history back.
 */
class ChatServiceTest {

    @TempDir
    Path dir;

    /** The simulated network: cores by key, nodes by swarm key. */
    static final class Net {
        final Map<String, List<byte[]>> cores = new ConcurrentHashMap<>();
        final Map<String, FakeNode> nodes = new ConcurrentHashMap<>();
    }

    /** One node's swarm and corestore. */
    static final class FakeNode implements SwarmService, HypercoreService {
        final Net net;
        final String key;
        final Set<String> topics = ConcurrentHashMap.newKeySet();
        final Set<String> peers = ConcurrentHashMap.newKeySet();
        final Set<String> opened = ConcurrentHashMap.newKeySet();
        final List<Consumer<SwarmMessage>> messages = new CopyOnWriteArrayList<>();
        final List<Consumer<SwarmPeer>> connections = new CopyOnWriteArrayList<>();
        final List<Consumer<HypercoreInfo>> appends = new CopyOnWriteArrayList<>();
        /** Every topic joined, again and again included. */
        final List<String> joins = new CopyOnWriteArrayList<>();
        /** Every message this node sent: {to, text}. */
        final List<String[]> sent = new CopyOnWriteArrayList<>();

        FakeNode(Net net, char c) {
            this(net, String.valueOf(c).repeat(64));
        }

        FakeNode(Net net, String key) {
            this.net = net;
            this.key = key;
            net.nodes.put(key, this);
        }

        /** The peer as this node sees it: on the topics both have joined (as their lookups would find). */
        SwarmPeer peer(FakeNode other, boolean initiator) {
            List<String> shared = topics.stream().filter(other.topics::contains).sorted().toList();
            return new SwarmPeer(other.key, "127.0.0.1", 1, initiator, shared);
        }

        /** False while the swarm stack is still starting: no key yet. */
        volatile boolean up = true;

        @Override
        public String publicKey() {
            return up ? key : "";
        }

        /** How long a lookup takes: a join shows who else is on the topic only when it completes. */
        volatile long lookupMillis;

        @Override
        public CompletionStage<Void> join(byte[] topic, boolean server, boolean client) {
            if (lookupMillis > 0) {
                return CompletableFuture.runAsync(() -> joinNow(topic),
                        CompletableFuture.delayedExecutor(lookupMillis, TimeUnit.MILLISECONDS));
            }
            joinNow(topic);
            return CompletableFuture.completedFuture(null);
        }

        private void joinNow(byte[] topic) {
            String t = HexFormat.of().formatHex(topic);
            joins.add(t);
            topics.add(t);
            for (FakeNode other : net.nodes.values()) {
                if (other != this && other.topics.contains(t) && peers.add(other.key)) {
                    other.peers.add(key);
                    connections.forEach(l -> l.accept(peer(other, true)));
                    other.connections.forEach(l -> l.accept(other.peer(this, false)));
                }
            }
        }

        @Override
        public CompletionStage<Void> leave(byte[] topic) {
            topics.remove(HexFormat.of().formatHex(topic));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public List<String> topics() {
            return List.copyOf(topics);
        }

        @Override
        public List<SwarmPeer> peers() {
            return peers.stream().map(p -> peer(net.nodes.get(p), true)).toList();
        }

        /** Peers whose messages from this node are lost on the way (the sender is not told, as over a real swarm). */
        final Set<String> lostTo = ConcurrentHashMap.newKeySet();

        @Override
        public CompletionStage<Void> send(String peerKey, byte[] message) {
            FakeNode to = net.nodes.get(peerKey);
            if (to == null || !peers.contains(peerKey)) {
                return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
            }
            if (lostTo.contains(peerKey)) {
                return CompletableFuture.completedFuture(null);
            }
            sent.add(new String[] { peerKey, new String(message, StandardCharsets.UTF_8) });
            to.messages.forEach(l -> l.accept(new SwarmMessage(key, message.clone())));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public AutoCloseable onMessage(Consumer<SwarmMessage> listener) {
            messages.add(listener);
            return () -> messages.remove(listener);
        }

        @Override
        public AutoCloseable onConnection(Consumer<SwarmPeer> listener) {
            connections.add(listener);
            return () -> connections.remove(listener);
        }

        String coreKey(String name) {
            return HexFormat.of().formatHex(Hashes.sha256(key + "/" + name));
        }

        private HypercoreInfo info(String core) {
            return new HypercoreInfo(core, "", net.cores.get(core).size(), false, 0);
        }

        /** How long opening one of our own cores takes. */
        volatile long openMillis;

        @Override
        public CompletionStage<HypercoreInfo> open(String name) {
            String core = coreKey(name);
            net.cores.putIfAbsent(core, new CopyOnWriteArrayList<>());
            opened.add(core);
            if (openMillis > 0) {
                return CompletableFuture.supplyAsync(() -> info(core), CompletableFuture.delayedExecutor(openMillis, TimeUnit.MILLISECONDS));
            }
            return CompletableFuture.completedFuture(info(core));
        }

        @Override
        public CompletionStage<HypercoreInfo> openRemote(String core) {
            net.cores.putIfAbsent(core, new CopyOnWriteArrayList<>());
            opened.add(core);
            return CompletableFuture.completedFuture(info(core));
        }

        @Override
        public CompletionStage<Long> append(String core, byte[] block) {
            List<byte[]> blocks = net.cores.get(core);
            blocks.add(block.clone());
            for (FakeNode n : net.nodes.values()) {
                if (n.opened.contains(core)) {
                    n.appends.forEach(l -> l.accept(info(core)));
                }
            }
            return CompletableFuture.completedFuture((long) blocks.size());
        }

        @Override
        public CompletionStage<byte[]> get(String core, long index) {
            List<byte[]> blocks = net.cores.get(core);
            return index < blocks.size() ? CompletableFuture.completedFuture(blocks.get((int) index))
                    : CompletableFuture.failedFuture(new IllegalStateException("no block"));
        }

        @Override
        public List<HypercoreInfo> cores() {
            return opened.stream().map(this::info).toList();
        }

        @Override
        public AutoCloseable onAppend(Consumer<HypercoreInfo> listener) {
            appends.add(listener);
            return () -> appends.remove(listener);
        }
    }

    /** SHA-256 for the fake core keys. */
    static final class Hashes {
        static byte[] sha256(String s) {
            try {
                return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static ProfileService profile(String nickname) {
        return new ProfileService() {
            @Override
            public Optional<Profile> profile() {
                return Optional.of(new Profile(nickname, "", false, java.time.Instant.now(), 1));
            }

            @Override
            public Profile update(String n, String bio) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Profile setAvatar(byte[] image) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<Avatar> avatar() {
                return Optional.empty();
            }

            @Override
            public String checkNickname(String n) {
                return null;
            }
        };
    }

    /** The follow list of a node, changed by the test; tells its listeners as the follow service does. */
    static final class FakeFollows {
        final List<ProfileRecord> records = new CopyOnWriteArrayList<>();
        final List<FollowListener> listeners = new CopyOnWriteArrayList<>();

        /** A listener found: told the list at once. */
        void add(FollowListener listener) {
            listeners.add(listener);
            listener.followsChanged(List.copyOf(records));
        }

        void set(List<ProfileRecord> now) {
            records.clear();
            records.addAll(now);
            listeners.forEach(l -> l.followsChanged(List.copyOf(records)));
        }
    }

    /** A directory that knows nobody (for the page JSON of a message). */
    static final Directory NOBODY = new Directory() {
        @Override
        public List<ProfileRecord> search(String query) {
            return List.of();
        }

        @Override
        public List<KnownPerson> searchRanked(String query) {
            return List.of();
        }

        @Override
        public Optional<ProfileRecord> find(String b32) {
            return Optional.empty();
        }

        @Override
        public Optional<ProfileRecord> bySwarmKey(String swarmKey) {
            return Optional.empty();
        }

        @Override
        public int size() {
            return 0;
        }
    };

    ChatRooms chat(FakeNode node, String name) {
        Path data = dir.resolve(name);
        RecordedPageEvents hub = new RecordedPageEvents();
        DirectoryService directory = new DirectoryService(data.resolve("records.json"), node, hub, Clock.systemUTC());
        return new ChatRooms(new TestNodeEnvironment(data), node, node, directory, profile(name), hub);
    }

    /** A chat service whose time is {@code clock}'s, keeping its rooms in {@code <name>/rooms.json}. */
    ChatRooms chat(FakeNode node, String name, Clock clock) {
        Path data = dir.resolve(name);
        RecordedPageEvents hub = new RecordedPageEvents();
        DirectoryService directory = new DirectoryService(data.resolve("records.json"), node, hub, clock);
        return new ChatRooms(data.resolve("rooms.json"), node, node, directory, profile(name), hub, clock);
    }

    /** The system clock moved forward by the test. */
    static final class MovableClock extends Clock {
        volatile long offsetMillis;

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.now().plusMillis(offsetMillis);
        }
    }

    static String hex(String seed) {
        return HexFormat.of().formatHex(Hashes.sha256(seed));
    }

    static byte[] announcement(String... roomCorePairs) {
        StringBuilder m = new StringBuilder("{\"p\":\"p2pstack-chat/1\",\"t\":\"cores\",\"r\":[");
        for (int i = 0; i < roomCorePairs.length; i += 2) {
            m.append(i == 0 ? "" : ",").append("[\"").append(roomCorePairs[i]).append("\",\"").append(roomCorePairs[i + 1]).append("\"]");
        }
        return m.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static int participants(ChatService chat, String room) {
        return chat.rooms().stream().filter(r -> r.id().equals(room)).mapToInt(ChatRoom::participants).findFirst().orElse(0);
    }

    /** Whether our own core for {@code room} is open; false while the room is still being entered. */
    static boolean ready(ChatService chat, String room) {
        return chat.rooms().stream().anyMatch(r -> r.id().equals(room) && r.ready());
    }

    static ProfileRecord recordOf(FakeNode node, String nickname) {
        return new ProfileRecord(nickname, "", "dest", nickname.toLowerCase() + ".b32.i2p", node.key, "", 1, 1, "sig");
    }

    @Test
    void announcementsGoOnlyToPeersInTheRoomAndAPeerThatNamesTheRoomIsIn() throws Exception {
        Net net = new Net();
        FakeNode alice = new FakeNode(net, 'a');
        FakeNode bob = new FakeNode(net, 'b');
        FakeNode carol = new FakeNode(net, 'c'); // met on the directory's topic only
        ChatRooms a = chat(alice, "alice");
        ChatRooms b = chat(bob, "bob");
        ChatRooms c = chat(carol, "carol");
        FakeFollows bobFollows = new FakeFollows();
        bobFollows.add(b);
        await(() -> !a.ownRoom().isEmpty() && !b.ownRoom().isEmpty() && !c.ownRoom().isEmpty(), "rooms");
        String room = alice.key;
        bobFollows.set(List.of(recordOf(alice, "Alice")));
        await(() -> participants(a, room) == 2 && participants(b, room) == 2, "Alice and Bob know each other's cores");
        await(() -> ready(c, carol.key), "Carol's room ready");
        assertTrue(alice.peers.contains(carol.key) && bob.peers.contains(carol.key), "Carol is connected to both (directory topic)");

        java.util.function.Function<FakeNode, List<String[]>> chatSent = n -> n.sent.stream()
                .filter(m -> m[1].startsWith("{\"p\":\"p2pstack-chat/1\"")).toList();
        assertTrue(chatSent.apply(alice).stream().allMatch(m -> m[0].equals(bob.key)), "Alice told only Bob");
        assertTrue(chatSent.apply(alice).stream().allMatch(m -> m[1].contains(room)));
        assertTrue(chatSent.apply(bob).stream().allMatch(m -> m[0].equals(alice.key) && !m[1].contains("\"" + bob.key + "\"")),
                "Bob told Alice of her room only, not of his own");
        assertTrue(chatSent.apply(carol).isEmpty(), "nobody is on Carol's room's topic: she told nobody");
        assertFalse(chatSent.apply(alice).isEmpty());

        // Carol, met on the directory's topic only, names Alice's room with a core of hers: naming the room means
        // knowing its key, so she is taken in at once (before Alice's own lookup of the topic could show her there),
        // told Alice's core for that room in turn, and Alice looks the topic up for next time
        String topicHex = HexFormat.of().formatHex(Room.topic(room));
        long lookups = alice.joins.stream().filter(topicHex::equals).count();
        String carolsCore = carol.open("chat-" + room).toCompletableFuture().get().key();
        String secret = hex("a group room of Alice's");
        a.join(secret).toCompletableFuture().get();
        await(() -> ready(a, secret), "Alice in a group room");
        carol.send(alice.key, announcement(room, carolsCore));
        await(() -> participants(a, room) == 3, "Carol in Alice's room");
        await(() -> alice.joins.stream().filter(topicHex::equals).count() > lookups, "Alice looked the topic up again");
        await(() -> chatSent.apply(alice).stream().anyMatch(m -> m[0].equals(carol.key)), "Alice told Carol her core");
        for (String[] m : chatSent.apply(alice)) {
            if (m[0].equals(carol.key)) {
                assertTrue(m[1].contains(room) && !m[1].contains(secret),
                        "Carol learns Alice's core for the room she named, and nothing of Alice's other rooms: " + m[1]);
            }
        }
        a.deactivate();
        b.deactivate();
        c.deactivate();
    }

    @Test
    void roomsAnnouncedTogetherAreEachLookedUpAgainInTurnNotAMinuteApart() throws Exception {
        Net net = new Net();
        FakeNode alice = new FakeNode(net, 'a');
        FakeNode carol = new FakeNode(net, 'c');
        ChatRooms a = chat(alice, "alice");
        ChatRooms c = chat(carol, "carol");
        await(() -> !a.ownRoom().isEmpty() && !c.ownRoom().isEmpty(), "rooms");
        String x = hex("group room x");
        String y = hex("group room y");
        a.join(x).toCompletableFuture().get();
        a.join(y).toCompletableFuture().get();
        await(() -> ready(a, x) && ready(a, y), "Alice in both group rooms");
        String topicX = HexFormat.of().formatHex(Room.topic(x));
        String topicY = HexFormat.of().formatHex(Room.topic(y));
        long lookupsX = alice.joins.stream().filter(topicX::equals).count();
        long lookupsY = alice.joins.stream().filter(topicY::equals).count();
        // Carol, met on another topic, names both rooms at once: Alice has to look both topics up to see her there
        carol.join(Room.topic(alice.key), true, false);
        carol.send(alice.key, announcement(x, hex("carol core x"), y, hex("carol core y")));
        long asked = System.currentTimeMillis();
        await(() -> alice.joins.stream().filter(topicX::equals).count() > lookupsX
                && alice.joins.stream().filter(topicY::equals).count() > lookupsY, "Alice looked both topics up again");
        long took = System.currentTimeMillis() - asked;
        assertTrue(took < ChatRooms.LOOK_AGAIN_ANY_MILLIS * 3,
                "the second room waited only for the pause between lookups, not for Carol's next announcement: " + took + " ms");
        a.deactivate();
        c.deactivate();
    }

    /**
     * The e2e group room: Bob and Carol were connected already (met on the directory's topic), so joining her new room
     * brings no new connection; once his lookup of the room's topic shows her there, his core goes to her at once,
     * not at the next round of announcements a minute later.
     */
    @Test
    void peopleConnectedOnAnotherTopicMeetInANewRoomOnceTheLookupShowsThemNotAMinuteLater() throws Exception {
        Net net = new Net();
        FakeNode bob = new FakeNode(net, 'b');
        FakeNode carol = new FakeNode(net, 'c');
        ChatRooms b = chat(bob, "bob");
        ChatRooms c = chat(carol, "carol");
        await(() -> ready(b, bob.key) && ready(c, carol.key), "own rooms");
        byte[] directory = Hashes.sha256("the directory's topic");
        bob.join(directory, true, true);
        carol.join(directory, true, true);
        assertTrue(bob.peers.contains(carol.key), "connected on the directory's topic");
        bob.lookupMillis = 300;
        carol.lookupMillis = 300;
        String room = hex("book club");
        c.join(room).toCompletableFuture().get();
        await(() -> ready(c, room) && carol.topics.contains(HexFormat.of().formatHex(Room.topic(room))), "Carol in her new room");

        b.join(room).toCompletableFuture().get();
        await(() -> participants(b, room) == 2 && participants(c, room) == 2, "Bob and Carol meet in the room within seconds");
        b.deactivate();
        c.deactivate();
    }

    /** The e2e group room again: Bob writes the moment he has joined, before his own core for the room is open. */
    @Test
    void aMessageWrittenTheMomentARoomIsJoinedWaitsForOurCoreAndIsSent() throws Exception {
        Net net = new Net();
        FakeNode bob = new FakeNode(net, 'b');
        ChatRooms b = chat(bob, "bob");
        await(() -> ready(b, bob.key), "own room");
        bob.openMillis = 500;
        String room = hex("book club");
        b.join(room).toCompletableFuture().get();
        assertFalse(ready(b, room), "our core for the room is still opening");

        ChatMessage sent = b.send(room, "Hello book club!").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals("Hello book club!", sent.text());
        await(() -> has(b, room, "Hello book club!"), "in the room's log");
        b.deactivate();
    }

    /** And across Bob's restart: he writes while his node's swarm is still coming up; the message waits and is sent. */
    @Test
    void aMessageWrittenWhileTheNodeStartsWaitsForTheChatAndIsSent() throws Exception {
        Net net = new Net();
        FakeNode bob = new FakeNode(net, 'b');
        bob.up = false;
        ChatRooms b = chat(bob, "bob");
        CompletableFuture<ChatMessage> sending = b.send(null, "Back again.").toCompletableFuture();
        Thread.sleep(1500);
        assertFalse(sending.isDone(), "waits while the swarm starts");

        bob.up = true;

        assertEquals("Back again.", sending.get(10, TimeUnit.SECONDS).text());
        await(() -> has(b, bob.key, "Back again."), "in the room's log");
        b.deactivate();
    }

    @Test
    void aRoomFilledBySybilsStillTakesItsOwnerAndFreesIdleSlots() throws Exception {
        Net net = new Net();
        FakeNode alice = new FakeNode(net, 'a');
        FakeNode bob = new FakeNode(net, 'b');
        FakeNode dave = new FakeNode(net, 'd');
        String room = alice.key;
        MovableClock clock = new MovableClock();
        // Bob's saved rooms: Alice's room, every slot taken by a Sybil that was active a moment ago
        com.google.gson.JsonObject cores = new com.google.gson.JsonObject();
        for (int i = 0; i < ChatRooms.MAX_CORES_PER_ROOM; i++) {
            com.google.gson.JsonObject slot = new com.google.gson.JsonObject();
            slot.addProperty("author", hex("sybil-" + i));
            slot.addProperty("active", clock.millis());
            cores.add(hex("sybil-core-" + i), slot);
        }
        com.google.gson.JsonObject saved = new com.google.gson.JsonObject();
        saved.addProperty("id", room);
        saved.addProperty("source", "follow");
        saved.add("cores", cores);
        java.nio.file.Files.createDirectories(dir.resolve("bob"));
        java.nio.file.Files.writeString(dir.resolve("bob").resolve("rooms.json"), "[" + saved + "]");

        ChatRooms a = chat(alice, "alice");
        ChatRooms b = chat(bob, "bob", clock);
        FakeFollows bobFollows = new FakeFollows();
        bobFollows.add(b);
        await(() -> !a.ownRoom().isEmpty() && !b.ownRoom().isEmpty(), "rooms");
        bobFollows.set(List.of(recordOf(alice, "Alice")));
        await(() -> b.rooms().stream().anyMatch(r -> r.id().equals(room) && r.ready()), "Bob in Alice's room");
        await(() -> ready(a, alice.key), "Alice's room ready");
        a.send("", "Alice is not locked out").toCompletableFuture().get(5, TimeUnit.SECONDS);
        await(() -> has(b, room, "Alice is not locked out"), "the owner got a slot in a full room");
        assertEquals(ChatRooms.MAX_CORES_PER_ROOM + 1, participants(b, room), "a Sybil made room");

        // a stranger is turned away while the Sybils' slots are fresh...
        dave.join(Room.topic(room), true, true);
        String davesCore = dave.open("chat-" + room).toCompletableFuture().get().key();
        dave.append(davesCore, ChatBlocks.encode(room, dave.key, System.currentTimeMillis(), "hi from Dave"));
        dave.send(bob.key, announcement(room, davesCore));
        Thread.sleep(300);
        assertFalse(has(b, room, "hi from Dave"));
        // ...and gets an idle one later; the owner keeps hers, idle or not
        clock.offsetMillis = RoomSlots.IDLE_MILLIS + 60_000;
        dave.send(bob.key, announcement(room, davesCore));
        await(() -> has(b, room, "hi from Dave"), "Dave took an idle Sybil's slot");
        a.send("", "still here").toCompletableFuture().get(5, TimeUnit.SECONDS);
        await(() -> has(b, room, "still here"), "the owner's slot stays");
        a.deactivate();
        b.deactivate();
    }

    @Test
    void aCoreAnnouncedFirstBySomeoneElseGoesToTheAuthorItsBlocksName() throws Exception {
        Net net = new Net();
        FakeNode alice = new FakeNode(net, 'a');
        FakeNode bob = new FakeNode(net, 'b');
        FakeNode mallory = new FakeNode(net, 'm');
        ChatRooms a = chat(alice, "alice");
        await(() -> ready(a, alice.key), "Alice's room");
        String room = alice.key;
        // Mallory, on the room's topic, claims the core Bob will write in (core keys are no secret to a room)
        mallory.join(Room.topic(room), true, true);
        String bobsCore = bob.coreKey("chat-" + room);
        mallory.send(alice.key, announcement(room, bobsCore));
        await(() -> participants(a, room) == 2, "Mallory's claim taken");
        // Bob joins and writes: his blocks name him, so his announcement wins the core back
        ChatRooms b = chat(bob, "bob");
        FakeFollows bobFollows = new FakeFollows();
        bobFollows.add(b);
        await(() -> !b.ownRoom().isEmpty(), "Bob's room");
        bobFollows.set(List.of(recordOf(alice, "Alice")));
        await(() -> b.rooms().stream().anyMatch(r -> r.id().equals(room) && r.ready()), "Bob in the room");
        // Bob's own announcements, sent as his room opens, are lost from here on: one that reached Alice after his first
        // block would win the core back at once, and this step checks what she shows before any does (those sent
        // already wait in her chat's one worker ahead of the block's arrival)
        bob.lostTo.add(alice.key);
        b.send(room, "it is my core").toCompletableFuture().get(5, TimeUnit.SECONDS);
        Thread.sleep(300);
        assertFalse(has(a, room, "it is my core"), "read as Mallory's core: the block names someone else");
        bob.lostTo.clear();
        // Bob's next periodic announcements (every minute in a node)
        await(() -> {
            bob.send(alice.key, announcement(room, bobsCore));
            return has(a, room, "it is my core");
        }, "the core went back to its writer");
        a.deactivate();
        b.deactivate();
    }

    @Test
    void onePeerHoldsACoreInAtMostItsShareOfOurRooms() throws Exception {
        Net net = new Net();
        FakeNode bob = new FakeNode(net, 'b');
        ChatRooms b = chat(bob, "bob");
        await(() -> !b.ownRoom().isEmpty(), "room");
        FakeNode sybil = new FakeNode(net, 's');
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i <= ChatRooms.MAX_ROOMS_PER_PEER; i++) {
            String room = hex("room-" + i);
            b.join(room).toCompletableFuture().get(5, TimeUnit.SECONDS);
            sybil.join(Room.topic(room), true, true);
            pairs.add(room);
            pairs.add(sybil.open("c" + i).toCompletableFuture().get().key());
        }
        sybil.send(bob.key, announcement(pairs.toArray(String[]::new)));
        await(() -> b.rooms().stream().filter(r -> r.participants() == 2).count() == ChatRooms.MAX_ROOMS_PER_PEER,
                "the Sybil is in its share of rooms");
        Thread.sleep(200);
        assertEquals(ChatRooms.MAX_ROOMS_PER_PEER, b.rooms().stream().filter(r -> r.participants() == 2).count());
        b.deactivate();
    }

    static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(20);
        }
    }

    static boolean has(ChatService chat, String room, String text) {
        return chat.messages(room, 100).stream().anyMatch(m -> m.text().equals(text));
    }

    @Test
    void followersJoinTheRoomChatBothWaysAndHostileDataChangesNothing() throws Exception {
        Net net = new Net();
        FakeNode alice = new FakeNode(net, 'a');
        FakeNode bob = new FakeNode(net, 'b');
        ChatRooms a = chat(alice, "alice");
        ChatRooms b = chat(bob, "bob");
        FakeFollows bobFollows = new FakeFollows();
        bobFollows.add(b);
        await(() -> !a.ownRoom().isEmpty() && !b.ownRoom().isEmpty(), "rooms");
        String room = alice.key;
        // Bob follows Alice: he joins her room, they meet on its topic and swap core keys
        bobFollows.set(List.of(new ProfileRecord("Alice", "", "dest", "alice.b32.i2p", alice.key, "", 1, 1, "sig")));
        await(() -> b.rooms().stream().anyMatch(r -> r.id().equals(room) && r.ready()), "Bob in Alice's room");
        await(() -> participants(a, room) == 2, "Alice knows Bob's core");

        a.send("", "hello from Alice").toCompletableFuture().get(5, TimeUnit.SECONDS);
        b.send(room, "hello from Bob").toCompletableFuture().get(5, TimeUnit.SECONDS);
        await(() -> has(b, room, "hello from Alice") && has(a, room, "hello from Bob"), "both messages on both sides");
        ChatMessage bobs = a.messages(room, 10).stream().filter(m -> m.text().equals("hello from Bob")).findFirst().orElseThrow();
        Map<String, Object> fromBob = new ChatJson(profile("alice"), NOBODY).message(bobs, a.ownRoom());
        assertEquals(false, fromBob.get("mine"));
        assertEquals(bob.key, fromBob.get("author"));

        // Mallory joins the topic: one core is hers, more are ignored; her bad blocks are skipped
        FakeNode mallory = new FakeNode(net, 'c');
        mallory.join(Room.topic(room), true, true);
        List<String> coresOfMallory = new ArrayList<>();
        StringBuilder announcement = new StringBuilder("{\"p\":\"p2pstack-chat/1\",\"t\":\"cores\",\"r\":[");
        for (int i = 0; i < 5; i++) {
            String core = mallory.open("spam-" + i).toCompletableFuture().get().key();
            coresOfMallory.add(core);
            announcement.append(i == 0 ? "" : ",").append("[\"").append(room).append("\",\"").append(core).append("\"]");
        }
        announcement.append("]}");
        mallory.send(alice.key, announcement.toString().getBytes(StandardCharsets.UTF_8));
        await(() -> participants(a, room) == 3, "Mallory's first core accepted");
        String core = coresOfMallory.get(0);
        long now = System.currentTimeMillis();
        mallory.append(core, "not json".getBytes(StandardCharsets.UTF_8));
        mallory.append(core, ChatBlocks.encode(room, bob.key, now, "I am Bob")); // writing as someone else
        mallory.append(core, ChatBlocks.encode(room, mallory.key, now + 3_600_000, "from the future"));
        mallory.append(core, ChatBlocks.encode("d".repeat(64), mallory.key, now, "another room"));
        mallory.append(core, new byte[ChatBlocks.MAX_BLOCK_BYTES + 1]);
        mallory.append(core, ChatBlocks.encode(room, mallory.key, now, "a fair message"));
        await(() -> has(a, room, "a fair message"), "Mallory's valid message");
        Thread.sleep(200);
        assertEquals(3, participants(a, room), "one core per participant");
        assertFalse(has(a, room, "I am Bob") || has(a, room, "from the future") || has(a, room, "another room"));
        a.send("", "still working").toCompletableFuture().get(5, TimeUnit.SECONDS);
        await(() -> has(b, room, "still working"), "the room goes on");

        // Bob's node restarts: rooms, participants and history come back from disk and the cores
        b.deactivate();
        ChatRooms b2 = chat(bob, "bob");
        bobFollows.add(b2);
        await(() -> has(b2, room, "hello from Alice") && has(b2, room, "hello from Bob") && has(b2, room, "still working"),
                "Bob's history after a restart");
        List<String> order = b2.messages(room, 100).stream().map(ChatMessage::text).toList();
        assertTrue(order.indexOf("hello from Alice") < order.indexOf("still working"), "merged by time: " + order);

        // unfollowing leaves the room
        bobFollows.set(List.of());
        await(() -> b2.rooms().stream().noneMatch(r -> r.id().equals(room)), "Bob left Alice's room");
        await(() -> !bob.topics.contains(HexFormat.of().formatHex(Room.topic(room))), "Bob left the room's topic");
        a.deactivate();
        b2.deactivate();
    }

    @Test
    void sendingIsBoundedAndExplained() throws Exception {
        Net net = new Net();
        FakeNode alice = new FakeNode(net, 'a');
        ChatRooms a = chat(alice, "alice");
        await(() -> a.rooms().stream().anyMatch(ChatRoom::ready), "room ready");
        CompletionStage<ChatMessage> empty = a.send("", "   ");
        assertTrue(empty.toCompletableFuture().isCompletedExceptionally());
        assertTrue(a.send("e".repeat(64), "hi").toCompletableFuture().isCompletedExceptionally(), "not in that room");
        int sent = 0;
        int refused = 0;
        for (int i = 0; i < ChatRooms.SEND_BURST + 5; i++) {
            try {
                a.send("", "message " + i).toCompletableFuture().get(5, TimeUnit.SECONDS);
                sent++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof ChatService.TooFastException);
                refused++;
            }
        }
        assertEquals(ChatRooms.SEND_BURST, sent);
        assertEquals(5, refused);
        a.deactivate();
    }
}
