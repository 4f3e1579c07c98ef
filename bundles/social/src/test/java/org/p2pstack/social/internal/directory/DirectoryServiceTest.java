package org.p2pstack.social.internal.directory;

import org.p2pstack.api.profile.ProfileRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.swarm.SwarmMessage;
import org.p2pstack.api.swarm.SwarmPeer;
import org.p2pstack.api.swarm.SwarmService;
import org.p2pstack.api.directory.KnownPerson;
import org.p2pstack.social.internal.RecordedPageEvents;

/** The directory service with a swarm simulated in memory: what it keeps across a restart, and what it sends. */
class DirectoryServiceTest {

    static final Instant T1 = Instant.parse("2026-11-25T10:00:00Z");
    static final Instant T2 = T1.plusSeconds(86_400);
    static final String OUR_KEY = "a".repeat(64);
    static final String TOPIC = HexFormat.of().formatHex(DirectoryService.TOPIC);

    @TempDir
    Path dir;

    /** A swarm with one connected peer on the directory topic; it records what is sent. */
    static final class FakeSwarm implements SwarmService {
        final List<Consumer<SwarmMessage>> messages = new CopyOnWriteArrayList<>();
        final List<Consumer<SwarmPeer>> connections = new CopyOnWriteArrayList<>();
        final List<String> sent = new CopyOnWriteArrayList<>();
        final SwarmPeer peer = new SwarmPeer("b".repeat(64), "127.0.0.1", 1, true, List.of(TOPIC));
        /** The meetings asked for, as key@host:port, and the ones forgotten. */
        final List<String> meetings = new CopyOnWriteArrayList<>();
        final List<String> forgotten = new CopyOnWriteArrayList<>();

        @Override
        public int dhtPort() {
            return 49737;
        }

        @Override
        public CompletionStage<Void> meet(String peerKey, String host, int port) {
            meetings.add(peerKey + "@" + host + ":" + port);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void forgetMeeting(String peerKey) {
            forgotten.add(peerKey);
        }

        @Override
        public String publicKey() {
            return OUR_KEY;
        }

        @Override
        public CompletionStage<Void> join(byte[] topic, boolean server, boolean client) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> leave(byte[] topic) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public List<String> topics() {
            return List.of(TOPIC);
        }

        @Override
        public List<SwarmPeer> peers() {
            return List.of(peer);
        }

        @Override
        public CompletionStage<Void> send(String peerKey, byte[] message) {
            sent.add(new String(message, StandardCharsets.UTF_8));
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

        void receive(byte[] data) {
            messages.forEach(l -> l.accept(new SwarmMessage(peer.publicKey(), data)));
        }

        void connect() {
            connections.forEach(l -> l.accept(peer));
        }
    }

    /** This node's own record, set by the test. */
    static final class Own implements OwnProfileRecord {
        volatile ProfileRecord record;

        @Override
        public Optional<ProfileRecord> current() {
            return Optional.ofNullable(record);
        }

        @Override
        public AutoCloseable onChange(Consumer<ProfileRecord> listener) {
            return () -> { };
        }
    }

    static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(10);
        }
    }

    DirectoryService service(FakeSwarm swarm, Instant now) {
        return new DirectoryService(dir.resolve("records.json"), swarm, new RecordedPageEvents(), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void whenSomeoneWasFirstSeenSurvivesARestart() throws Exception {
        FakeSwarm swarm = new FakeSwarm();
        DirectoryService first = service(swarm, T1);
        ProfileRecord alice = Forger.someone("Alice", 1, T1.toEpochMilli());
        swarm.receive(Forger.records(List.of(alice)));
        await(() -> first.size() == 1, "Alice known");
        assertEquals(T1, first.searchRanked("alice").get(0).knownSince());
        first.deactivate();

        // a day later, a newer record of hers and a newcomer arrive: Alice stays known since T1, first in the search
        FakeSwarm again = new FakeSwarm();
        DirectoryService second = service(again, T2);
        await(() -> second.size() == 1, "read back");
        assertEquals(T1, second.searchRanked("alice").get(0).knownSince(), "first seen before the restart");
        again.receive(Forger.records(List.of(Forger.someone("alice", 1, T2.toEpochMilli()))));
        await(() -> second.size() == 2, "the newcomer");
        List<KnownPerson> found = second.searchRanked("alice");
        assertEquals(alice.b32(), found.get(0).record().b32(), "the longest known first, over an exact name");
        assertEquals(T2, found.get(1).knownSince());
        second.deactivate();
        String saved = Files.readString(dir.resolve("records.json"));
        assertTrue(saved.startsWith("{\"version\":2,") && saved.contains("\"firstSeen\":" + T1.toEpochMilli()), saved);

        // a node switched off for longer than FORGET_AFTER forgets nobody: the time off was not silence
        DirectoryService third = service(new FakeSwarm(), T2.plus(DirectoryMerge.FORGET_AFTER).plusSeconds(86_400));
        await(() -> third.size() == 2, "read back after a long time off");
        assertEquals(0, third.forgetSilent());
        third.deactivate();
    }

    @Test
    void aDirectoryFileOfTheFirstVersionIsReadBack() throws Exception {
        ProfileRecord alice = Forger.someone("Alice", 1, T1.toEpochMilli());
        Files.writeString(dir.resolve("records.json"), "[" + ProfileRecords.toJson(alice) + "]");
        DirectoryService service = service(new FakeSwarm(), T2);
        await(() -> service.size() == 1, "read back");
        assertEquals(T2, service.searchRanked("").get(0).knownSince(), "first seen when read (nothing older is known)");
        service.deactivate();
    }

    @Test
    void ourRecordIsGossipedFromHereOnlyWhenItNamesOurSwarmKey() throws Exception {
        FakeSwarm swarm = new FakeSwarm();
        DirectoryService service = service(swarm, T1);
        swarm.receive(Forger.records(List.of(Forger.someone("Sam", 1, T1.toEpochMilli()))));
        await(() -> service.size() == 1, "someone known, so there is a digest to send");
        Forger me = new Forger();
        String destination = me.destination();
        ProfileRecord unlinked = me.record(destination, "Me", 1, T1.toEpochMilli());
        Own own = new Own();
        own.record = unlinked;
        service.bindOwnProfileRecord(own);
        await(() -> service.find(unlinked.b32()).isPresent(), "our record known here");
        swarm.connect(); // a peer connects: our digest goes out
        await(() -> swarm.sent.stream().anyMatch(m -> m.contains("\"digest\"")), "digest sent");
        assertTrue(service.searchRanked("me").get(0).self());
        assertFalse(swarm.sent.stream().anyMatch(m -> m.contains(unlinked.b32())), "nothing carries our b32: " + swarm.sent);

        // the user links their networks: the record names our swarm key, and is pushed
        service.publish(signWithSwarmKey(me, destination));
        await(() -> swarm.sent.stream().anyMatch(m -> m.contains("\"records\"") && m.contains(unlinked.b32())), "pushed");
        service.deactivate();
    }

    /** Our record with our swarm key in it (what linking networks signs). */
    static ProfileRecord signWithSwarmKey(Forger me, String destination) {
        ProfileRecord unsigned = new ProfileRecord("Me", "", destination, I2pDestination.parse(destination).b32(), OUR_KEY, "", 2,
                T1.toEpochMilli(), "");
        return unsigned.signed(net.i2p.crypto.DSAEngine.getInstance().sign(ProfileRecords.signedBytes(unsigned), me.privateKey).getData());
    }

    @Test
    void followedPeopleAreMarkedFirstAndKeptToOurselves() throws Exception {
        FakeSwarm swarm = new FakeSwarm();
        DirectoryService service = service(swarm, T1);
        ProfileRecord stranger = Forger.someone("Sam", 1, T1.toEpochMilli());
        swarm.receive(Forger.records(List.of(stranger)));
        await(() -> service.size() == 1, "stranger known");
        ProfileRecord friend = Forger.someone("Samantha", 1, T1.toEpochMilli());
        service.followsChanged(List.of(friend)); // as the follow service tells its listeners
        await(() -> service.size() == 2, "friend known");
        List<KnownPerson> found = service.searchRanked("sam");
        assertEquals(friend.b32(), found.get(0).record().b32(), "followed first, though known later");
        assertTrue(found.get(0).followed());
        assertFalse(found.get(1).followed());
        swarm.connect();
        await(() -> swarm.sent.stream().anyMatch(m -> m.contains("\"digest\"")), "digest sent");
        assertTrue(swarm.sent.stream().anyMatch(m -> m.contains(stranger.b32())));
        assertFalse(swarm.sent.stream().anyMatch(m -> m.contains(friend.b32())), "whom we follow is not told");

        // a visited person is trusted too, and remembered across a restart
        ProfileRecord visited = Forger.someone("Samuel", 1, T1.toEpochMilli());
        service.visited(visited);
        await(() -> service.searchRanked("samuel").size() == 1 && service.searchRanked("samuel").get(0).visited(), "visited");
        service.deactivate();
        DirectoryService restarted = service(new FakeSwarm(), T2);
        await(() -> restarted.size() == 3, "read back");
        assertTrue(restarted.searchRanked("samuel").get(0).visited());
        restarted.deactivate();
    }
}
