package org.p2pstack.core.internal.chat;

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
import org.p2pstack.api.node.TestNodeEnvironment;
import org.p2pstack.api.profile.Profile;
import org.p2pstack.api.profile.ProfileService;
import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.api.swarm.HypercoreService;
import org.p2pstack.api.swarm.SwarmMessage;
import org.p2pstack.api.swarm.SwarmPeer;
import org.p2pstack.api.swarm.SwarmService;
import org.p2pstack.core.internal.directory.DirectoryService;
import org.p2pstack.core.internal.directory.Follows;
import org.p2pstack.core.internal.directory.ProfileRecord;
import org.p2pstack.core.internal.events.EventHub;

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

        FakeNode(Net net, char c) {
            this.net = net;
            this.key = String.valueOf(c).repeat(64);
            net.nodes.put(key, this);
        }

        @Override
        public String publicKey() {
            return key;
        }

        @Override
        public CompletionStage<Void> join(byte[] topic, boolean server, boolean client) {
            String t = HexFormat.of().formatHex(topic);
            topics.add(t);
            for (FakeNode other : net.nodes.values()) {
                if (other != this && other.topics.contains(t) && peers.add(other.key)) {
                    other.peers.add(key);
                    connections.forEach(l -> l.accept(new SwarmPeer(other.key, "127.0.0.1", 1, true)));
                    other.connections.forEach(l -> l.accept(new SwarmPeer(key, "127.0.0.1", 1, false)));
                }
            }
            return CompletableFuture.completedFuture(null);
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
            return peers.stream().map(p -> new SwarmPeer(p, "127.0.0.1", 1, true)).toList();
        }

        @Override
        public CompletionStage<Void> send(String peerKey, byte[] message) {
            FakeNode to = net.nodes.get(peerKey);
            if (to == null || !peers.contains(peerKey)) {
                return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
            }
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

        @Override
        public CompletionStage<HypercoreInfo> open(String name) {
            String core = coreKey(name);
            net.cores.putIfAbsent(core, new CopyOnWriteArrayList<>());
            opened.add(core);
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

    /** The follow list of a node, changed by the test. */
    static final class FakeFollows implements Follows {
        final List<ProfileRecord> records = new CopyOnWriteArrayList<>();
        final List<Runnable> listeners = new CopyOnWriteArrayList<>();

        @Override
        public List<ProfileRecord> following() {
            return List.copyOf(records);
        }

        @Override
        public AutoCloseable onChange(Runnable listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        void set(List<ProfileRecord> now) {
            records.clear();
            records.addAll(now);
            listeners.forEach(Runnable::run);
        }
    }

    ChatService chat(FakeNode node, String name) {
        Path data = dir.resolve(name);
        EventHub hub = new EventHub();
        DirectoryService directory = new DirectoryService(data.resolve("records.json"), node, hub, Clock.systemUTC());
        return new ChatService(new TestNodeEnvironment(data), node, node, directory, profile(name), hub);
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
        return chat.messages(room, 100).stream().anyMatch(m -> m.get("text").equals(text));
    }

    @Test
    void followersJoinTheRoomChatBothWaysAndHostileDataChangesNothing() throws Exception {
        Net net = new Net();
        FakeNode alice = new FakeNode(net, 'a');
        FakeNode bob = new FakeNode(net, 'b');
        ChatService a = chat(alice, "alice");
        ChatService b = chat(bob, "bob");
        FakeFollows bobFollows = new FakeFollows();
        b.bindFollows(bobFollows);
        await(() -> !a.ownRoom().isEmpty() && !b.ownRoom().isEmpty(), "rooms");
        String room = alice.key;
        // Bob follows Alice: he joins her room, they meet on its topic and swap core keys
        bobFollows.set(List.of(new ProfileRecord("Alice", "", "dest", "alice.b32.i2p", alice.key, "", 1, 1, "sig")));
        await(() -> b.rooms().stream().anyMatch(r -> r.get("id").equals(room) && r.get("ready").equals(true)), "Bob in Alice's room");
        await(() -> a.rooms().get(0).get("participants").equals(2), "Alice knows Bob's core");

        a.send("", "hello from Alice").toCompletableFuture().get(5, TimeUnit.SECONDS);
        b.send(room, "hello from Bob").toCompletableFuture().get(5, TimeUnit.SECONDS);
        await(() -> has(b, room, "hello from Alice") && has(a, room, "hello from Bob"), "both messages on both sides");
        Map<String, Object> fromBob = a.messages(room, 10).stream().filter(m -> m.get("text").equals("hello from Bob")).findFirst().orElseThrow();
        assertEquals(false, fromBob.get("mine"));
        assertEquals(bob.key, fromBob.get("author"));

        // Mallory joins the topic: one core is hers, more are ignored; her bad blocks are skipped
        FakeNode mallory = new FakeNode(net, 'c');
        mallory.join(ChatService.topic(room), true, true);
        List<String> coresOfMallory = new ArrayList<>();
        StringBuilder announcement = new StringBuilder("{\"p\":\"p2pstack-chat/1\",\"t\":\"cores\",\"r\":[");
        for (int i = 0; i < 5; i++) {
            String core = mallory.open("spam-" + i).toCompletableFuture().get().key();
            coresOfMallory.add(core);
            announcement.append(i == 0 ? "" : ",").append("[\"").append(room).append("\",\"").append(core).append("\"]");
        }
        announcement.append("]}");
        mallory.send(alice.key, announcement.toString().getBytes(StandardCharsets.UTF_8));
        await(() -> a.rooms().get(0).get("participants").equals(3), "Mallory's first core accepted");
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
        assertEquals(3, a.rooms().get(0).get("participants"), "one core per participant");
        assertFalse(has(a, room, "I am Bob") || has(a, room, "from the future") || has(a, room, "another room"));
        a.send("", "still working").toCompletableFuture().get(5, TimeUnit.SECONDS);
        await(() -> has(b, room, "still working"), "the room goes on");

        // Bob's node restarts: rooms, participants and history come back from disk and the cores
        b.deactivate();
        ChatService b2 = chat(bob, "bob");
        b2.bindFollows(bobFollows);
        await(() -> has(b2, room, "hello from Alice") && has(b2, room, "hello from Bob") && has(b2, room, "still working"),
                "Bob's history after a restart");
        List<Object> order = b2.messages(room, 100).stream().map(m -> m.get("text")).toList();
        assertTrue(order.indexOf("hello from Alice") < order.indexOf("still working"), "merged by time: " + order);

        // unfollowing leaves the room
        bobFollows.set(List.of());
        await(() -> b2.rooms().stream().noneMatch(r -> r.get("id").equals(room)), "Bob left Alice's room");
        await(() -> !bob.topics.contains(HexFormat.of().formatHex(ChatService.topic(room))), "Bob left the room's topic");
        a.deactivate();
        b2.deactivate();
    }

    @Test
    void sendingIsBoundedAndExplained() throws Exception {
        Net net = new Net();
        FakeNode alice = new FakeNode(net, 'a');
        ChatService a = chat(alice, "alice");
        await(() -> a.rooms().stream().anyMatch(r -> r.get("ready").equals(true)), "room ready");
        CompletionStage<ChatMessage> empty = a.send("", "   ");
        assertTrue(empty.toCompletableFuture().isCompletedExceptionally());
        assertTrue(a.send("e".repeat(64), "hi").toCompletableFuture().isCompletedExceptionally(), "not in that room");
        int sent = 0;
        int refused = 0;
        for (int i = 0; i < ChatService.SEND_BURST + 5; i++) {
            try {
                a.send("", "message " + i).toCompletableFuture().get(5, TimeUnit.SECONDS);
                sent++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof ChatService.TooFastException);
                refused++;
            }
        }
        assertEquals(ChatService.SEND_BURST, sent);
        assertEquals(5, refused);
        a.deactivate();
    }
}
