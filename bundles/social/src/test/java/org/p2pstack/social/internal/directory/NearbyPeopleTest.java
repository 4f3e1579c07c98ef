package org.p2pstack.social.internal.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2pstack.social.internal.directory.DirectoryServiceTest.await;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.function.BiFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.ipfs.IpfsService;
import org.p2pstack.api.ipfs.PeerInfo;
import org.p2pstack.api.node.ManualClock;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.social.internal.RecordedPageEvents;

/**
 * People nearby: a node found on the local network is believed to be someone only with that person's signed record
 * naming the node's own (Noise-proven) IPFS peer id.
 */
class NearbyPeopleTest {

    static final String BOB_PEER = "12D3KooWBobBobBobBobBobBobBobBobBobBobBobBobBobBob1";
    static final String MALLORY_PEER = "12D3KooWMalloryMalloryMalloryMalloryMalloryMallory";

    @TempDir
    Path dir;
    final Instant now = Instant.parse("2026-12-07T05:00:00Z");
    final ManualClock clock = new ManualClock(now);
    /** What the fake IPFS stack finds nearby and what each peer answers. */
    final List<PeerInfo> found = new ArrayList<>();
    final Map<String, byte[]> answers = new HashMap<>();
    /** What each peer answers for its DHT port. */
    final Map<String, byte[]> ports = new HashMap<>();
    final DirectoryServiceTest.FakeSwarm swarm = new DirectoryServiceTest.FakeSwarm();
    final List<String> asked = new ArrayList<>();
    final List<PeerInfo> connected = new ArrayList<>();
    final Map<String, BiFunction<String, byte[], Optional<byte[]>>> handlers = new HashMap<>();
    final DirectoryServiceTest.Own own = new DirectoryServiceTest.Own();
    final RecordedPageEvents events = new RecordedPageEvents();
    DirectoryService directory;
    NearbyPeople nearby;

    IpfsService ipfs() {
        return (IpfsService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {IpfsService.class},
                (p, m, a) -> switch (m.getName()) {
                    case "nearbyPeers" -> List.copyOf(found);
                    case "peers" -> List.copyOf(connected);
                    case "answer" -> {
                        @SuppressWarnings("unchecked")
                        BiFunction<String, byte[], Optional<byte[]>> handler = (BiFunction<String, byte[], Optional<byte[]>>) a[2];
                        handlers.put((String) a[0], handler);
                        yield (AutoCloseable) () -> handlers.remove(a[0]);
                    }
                    case "request" -> {
                        if (a[1].equals(NearbyPeople.SWARM_PORT_PROTOCOL)) {
                            byte[] port = ports.get(a[0]);
                            if (port == null) {
                                throw new IOException("the peer refused " + a[1]);
                            }
                            yield port;
                        }
                        asked.add((String) a[0]);
                        byte[] answer = answers.get(a[0]);
                        if (answer == null) {
                            throw new IOException("the peer refused " + a[1]);
                        }
                        // a request connects, from where the node was found
                        connected.add(new PeerInfo((String) a[0], found.stream().filter(f -> f.peerId().equals(a[0]))
                                .findFirst().map(PeerInfo::addresses).orElse(List.of()), "", List.of()));
                        yield answer;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    void start() {
        directory = new DirectoryService(dir.resolve("records.json"), swarm, events, clock);
        nearby = new NearbyPeople(ipfs(), swarm, directory, own, events, clock, false);
    }

    @AfterEach
    void stop() {
        if (nearby != null) {
            nearby.deactivate();
        }
        if (directory != null) {
            directory.deactivate();
        }
    }

    static byte[] json(ProfileRecord record) {
        return ProfileRecords.toJson(record).getBytes(StandardCharsets.UTF_8);
    }

    ProfileRecord bob() {
        Forger bob = new Forger();
        return bob.record(bob.destination(), "Bob", BOB_PEER, 3, now.toEpochMilli());
    }

    @Test
    void aNodeNearbyThatHandsOverItsOwnRecordIsThatPersonNearby() throws Exception {
        start();
        BlockingQueue<RecordedPageEvents.Message> pages = events.subscribe();
        ProfileRecord bob = bob();
        found.add(new PeerInfo(BOB_PEER, List.of("/ip4/198.19.7.2/tcp/4001"), "", List.of()));
        answers.put(BOB_PEER, json(bob));
        nearby.look();
        assertEquals(java.util.Set.of(bob.b32()), nearby.b32s());
        await(() -> directory.find(bob.b32()).isPresent(), "Bob in the directory");
        assertTrue(pages.stream().anyMatch(m -> m.event().equals("nearby") && m.data().contains("\"count\":1")), pages.toString());

        // known now: found again, he is not asked again
        asked.clear();
        nearby.look();
        assertEquals(List.of(), asked);
        assertEquals(java.util.Set.of(bob.b32()), nearby.b32s());

        // his node gone from the network: no longer nearby, still in the directory
        found.clear();
        nearby.look();
        assertEquals(java.util.Set.of(), nearby.b32s());
        assertTrue(directory.find(bob.b32()).isPresent());
    }

    @Test
    void aNodeThatHandsOverSomeoneElsesRecordIsNobodyAndIsNotAskedAgainAtOnce() throws Exception {
        start();
        ProfileRecord bob = bob();
        found.add(new PeerInfo(MALLORY_PEER, List.of(), "", List.of()));
        answers.put(MALLORY_PEER, json(bob)); // Bob's genuine record, replayed by Mallory's node
        nearby.look();
        assertEquals(java.util.Set.of(), nearby.b32s());
        Thread.sleep(200);
        assertFalse(directory.find(bob.b32()).isPresent(), "the replayed record was not taken in");

        asked.clear();
        clock.set(now.plusSeconds(30));
        nearby.look();
        assertEquals(List.of(), asked, "asked again only after " + NearbyPeople.ASK_AGAIN);
        clock.set(now.plus(NearbyPeople.ASK_AGAIN).plusSeconds(1));
        nearby.look();
        assertEquals(List.of(MALLORY_PEER), asked);
    }

    @Test
    void aRecordWithABadSignatureOrNotJsonIsRefused() throws Exception {
        start();
        ProfileRecord bob = bob();
        ProfileRecord renamed = new ProfileRecord("Not Bob", bob.avatar(), bob.destination(), bob.b32(), bob.swarmKey(),
                bob.ipfsPeerId(), bob.seq(), bob.time(), bob.signature());
        found.add(new PeerInfo(BOB_PEER, List.of(), "", List.of()));
        answers.put(BOB_PEER, json(renamed));
        nearby.look();
        assertEquals(java.util.Set.of(), nearby.b32s());

        answers.put(BOB_PEER, "{\"nickname\":".getBytes(StandardCharsets.UTF_8));
        clock.set(now.plus(NearbyPeople.ASK_AGAIN).plusSeconds(1));
        nearby.look();
        assertEquals(java.util.Set.of(), nearby.b32s());
        Thread.sleep(200);
        assertEquals(0, directory.size());
    }

    @Test
    void someoneAlreadyKnownByTheirIpfsPeerIdIsNearbyWithoutBeingAsked() throws Exception {
        start();
        ProfileRecord bob = bob();
        directory.learntNearby(bob);
        await(() -> directory.byIpfsPeerId(BOB_PEER).isPresent(), "Bob known");
        found.add(new PeerInfo(BOB_PEER, List.of(), "", List.of()));
        connected.add(new PeerInfo(BOB_PEER, List.of(), "", List.of()));
        nearby.look();
        assertEquals(List.of(), asked);
        assertEquals(java.util.Set.of(bob.b32()), nearby.b32s());
    }

    @Test
    void aNeighbourAnnouncingAKnownPersonsPeerIdIsNotThatPersonWithoutAConnection() throws Exception {
        start();
        ProfileRecord bob = bob();
        directory.learntNearby(bob);
        await(() -> directory.byIpfsPeerId(BOB_PEER).isPresent(), "Bob known");
        found.add(new PeerInfo(BOB_PEER, List.of("/ip4/198.19.7.66/tcp/4001"), "", List.of())); // only a claim
        nearby.look();
        assertEquals(List.of(BOB_PEER), asked, "asked, which needs Bob's key");
        assertEquals(java.util.Set.of(), nearby.b32s());
    }

    @Test
    void ourOwnRecordIsHandedOutOnlyWhenItNamesOurIpfsPeer() {
        start();
        BiFunction<String, byte[], Optional<byte[]>> handler = handlers.get(NearbyPeople.PROTOCOL);
        Forger me = new Forger();
        String destination = me.destination();
        own.record = me.record(destination, "Alice", 1, now.toEpochMilli());
        assertEquals(Optional.empty(), handler.apply(BOB_PEER, new byte[0]), "networks not linked: a stranger nearby");
        own.record = me.record(destination, "Alice", "12D3KooWAlice", 2, now.toEpochMilli());
        assertEquals(ProfileRecords.toJson(own.record), new String(handler.apply(BOB_PEER, new byte[0]).orElseThrow(), StandardCharsets.UTF_8));
        nearby.deactivate();
        assertFalse(handlers.containsKey(NearbyPeople.PROTOCOL), "no longer answered once stopped");
        nearby = null;
    }

    /**
     * No internet, so no DHT to find Bob's swarm on: his node is asked for its DHT port and his swarm met at the address
     * his IPFS connection comes from; once he is gone, the meeting is forgotten.
     */
    @Test
    void aNeighboursSwarmIsMetDirectlyWhereItsNodeIs() throws Exception {
        start();
        Forger forger = new Forger();
        String bobSwarm = "5b".repeat(32);
        ProfileRecord bob = forger.record(forger.destination(), "Bob", bobSwarm, BOB_PEER, 3, now.toEpochMilli());
        found.add(new PeerInfo(BOB_PEER, List.of("/ip4/198.19.7.2/tcp/4001"), "", List.of()));
        answers.put(BOB_PEER, json(bob));
        ports.put(BOB_PEER, "50123".getBytes(StandardCharsets.US_ASCII));
        nearby.look();
        assertEquals(List.of(bobSwarm + "@198.19.7.2:50123"), swarm.meetings);

        nearby.look();
        assertEquals(1, swarm.meetings.size(), "not met again while the first meeting stands");

        found.clear();
        nearby.look();
        assertEquals(List.of(bobSwarm), swarm.forgotten);
    }

    @Test
    void aNeighbourThatGivesNoPortOrANonsensePortIsNotMet() throws Exception {
        start();
        Forger forger = new Forger();
        ProfileRecord bob = forger.record(forger.destination(), "Bob", "5b".repeat(32), BOB_PEER, 3, now.toEpochMilli());
        found.add(new PeerInfo(BOB_PEER, List.of("/ip4/198.19.7.2/tcp/4001"), "", List.of()));
        answers.put(BOB_PEER, json(bob));
        nearby.look(); // refused (no port answer)
        ports.put(BOB_PEER, "80; rm".getBytes(StandardCharsets.US_ASCII));
        clock.set(now.plus(NearbyPeople.ASK_AGAIN).plusSeconds(1));
        nearby.look();
        assertEquals(List.of(), swarm.meetings);
        assertEquals(java.util.Set.of(bob.b32()), nearby.b32s(), "still nearby; only not met on the swarm");
    }

    @Test
    void ourDhtPortIsHandedOutOnlyWhenOurRecordNamesOurSwarm() {
        start();
        BiFunction<String, byte[], Optional<byte[]>> handler = handlers.get(NearbyPeople.SWARM_PORT_PROTOCOL);
        Forger me = new Forger();
        String destination = me.destination();
        own.record = me.record(destination, "Alice", "12D3KooWAlice", 1, now.toEpochMilli());
        assertEquals(Optional.empty(), handler.apply(BOB_PEER, new byte[0]), "swarm not linked: nothing to meet");
        own.record = me.record(destination, "Alice", "a1".repeat(32), "12D3KooWAlice", 2, now.toEpochMilli());
        assertEquals("49737", new String(handler.apply(BOB_PEER, new byte[0]).orElseThrow(), StandardCharsets.US_ASCII));
    }

    @Test
    void theAddressOfAMultiaddr() {
        assertEquals("198.18.0.3", NearbyPeople.ipOf("/ip4/198.18.0.3/tcp/4001"));
        assertEquals("fe80::1", NearbyPeople.ipOf("/ip6/fe80::1/tcp/4001"));
        assertEquals(null, NearbyPeople.ipOf("/dns4/example.org/tcp/4001"));
        assertEquals(null, NearbyPeople.ipOf("garbage"));
    }
}
