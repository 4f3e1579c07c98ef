package org.p2pstack.social.internal.directory;

import org.p2pstack.api.profile.ProfileRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The directory against Sybils (security review V5): records and peer keys cost nothing, so a flood must not push
 * out the people the user knows, and what is new is rationed per peer, per signing key and for the whole node.
 */
class DirectorySybilTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    /** The review's flood: 10,000 forged self-signed records from 18 Sybil peer keys. */
    static final int FORGED = 10_000;
    static final int SYBIL_PEERS = 18;
    /** Time between two flood messages: slow enough that the hourly allowances let the whole flood in. */
    static final Duration PACE = Duration.ofSeconds(20);

    /** The flood's messages, 12 records each, every record a new person named "alice" with a key of its own. */
    static List<byte[]> flood = new ArrayList<>();

    @BeforeAll
    static void forge() {
        List<ProfileRecord> batch = new ArrayList<>();
        for (int i = 0; i < FORGED; i++) {
            batch.add(Forger.someone("alice", 1, NOW.toEpochMilli()));
            if (batch.size() == DirectoryGossip.MAX_RECORDS_PER_MESSAGE || i == FORGED - 1) {
                flood.add(Forger.records(batch));
                batch.clear();
            }
        }
    }

    /** Sends the flood from the Sybil peers, one message every {@link #PACE}; returns how many records got in. */
    static int runFlood(DirectoryGossip g) {
        int accepted = 0;
        Instant now = NOW;
        for (int i = 0; i < flood.size(); i++) {
            accepted += g.received("sybil-" + (i % SYBIL_PEERS), flood.get(i), now).changed().size();
            now = now.plus(PACE);
        }
        return accepted;
    }

    static final ProfileRecord ALICE = Forger.someone("alice", 5, NOW.minus(Duration.ofDays(30)).toEpochMilli());

    @Test
    void aFloodLeavesAliceKnownLongBeforeItInTheDirectoryAndFirstInTheSearch() {
        DirectoryGossip g = new DirectoryGossip(new DirectoryMerge());
        // Alice's record came by gossip 30 days ago (published then, seq 5)
        Instant then = NOW.minus(Duration.ofDays(30));
        assertEquals(1, g.received("friend", Forger.records(List.of(ALICE)), then).changed().size());

        int accepted = runFlood(g);
        assertEquals(DirectoryMerge.MAX_RECORDS, g.directory().size(), "the flood filled the directory");
        assertEquals(FORGED - 1, accepted, "every forged record got in but the one there was no room for");
        assertTrue(g.directory().find(ALICE.b32()).isPresent(), "the real Alice is still known");
        List<ProfileRecord> found = g.directory().search("alice");
        assertEquals(DirectoryMerge.MAX_RESULTS, found.size());
        assertEquals(ALICE.b32(), found.get(0).b32(), "the real Alice ranks first");
    }

    @Test
    void aFloodLeavesAFollowedAliceInTheDirectoryAndFirstInTheSearch() {
        DirectoryGossip g = new DirectoryGossip(new DirectoryMerge());
        // followed a minute before the flood: her record fetched over I2P, kept here but not gossiped
        g.directory().trust(Set.of(ALICE.b32()));
        g.learnt(ALICE, NOW.minusSeconds(60));

        runFlood(g);
        assertEquals(DirectoryMerge.MAX_RECORDS, g.directory().size());
        assertTrue(g.directory().find(ALICE.b32()).isPresent(), "the followed Alice is still known");
        assertEquals(ALICE.b32(), g.directory().search("alice").get(0).b32(), "the followed Alice ranks first");
        assertTrue(g.directory().searchRanked("alice").get(0).trusted());

        // someone followed after the flood still gets in (a stranger makes room) and ranks first too
        ProfileRecord bob = Forger.someone("alice", 1, NOW.toEpochMilli());
        g.directory().trust(Set.of(ALICE.b32(), bob.b32()));
        assertTrue(g.learnt(bob, NOW.plus(Duration.ofDays(1))).changed().contains(bob));
        assertEquals(DirectoryMerge.MAX_RECORDS, g.directory().size());
        assertEquals(Set.of(ALICE.b32(), bob.b32()),
                Set.of(g.directory().search("alice").get(0).b32(), g.directory().search("alice").get(1).b32()));
    }

    // ------------------------------------------------------------------ quotas

    static List<ProfileRecord> strangers(int n) {
        List<ProfileRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Forger.someone("stranger", 1, NOW.toEpochMilli()));
        }
        return out;
    }

    static DirectoryGossip.Quotas quotas(double perPeer, double perKey, double global) {
        return new DirectoryGossip.Quotas(perPeer, perPeer, perKey, perKey, global, global);
    }

    @Test
    void aPeerBringsAtMostItsShareOfNewcomers() {
        DirectoryGossip g = new DirectoryGossip(new DirectoryMerge(), quotas(5, 100, 100));
        DirectoryGossip.Result first = g.received("sybil", Forger.records(strangers(12)), NOW);
        assertEquals(5, first.changed().size());
        assertEquals("7 record(s) over quota dropped", first.dropped());
        assertEquals(1, first.outgoing().size());
        assertEquals(5, text(first.outgoing().get(0)).split("\"signature\"").length - 1, "only what got in is forwarded");
        // another peer has its own share; the first gets more only as the hour goes by
        assertEquals(5, g.received("other", Forger.records(strangers(12)), NOW).changed().size());
        assertEquals(0, g.received("sybil", Forger.records(strangers(12)), NOW.plusSeconds(60)).changed().size());
        assertEquals(5, g.received("sybil", Forger.records(strangers(12)), NOW.plus(Duration.ofHours(1))).changed().size());
    }

    @Test
    void allPeersTogetherBringAtMostTheGlobalAllowance() {
        DirectoryGossip g = new DirectoryGossip(new DirectoryMerge(), quotas(100, 100, 8));
        int accepted = 0;
        for (int peer = 0; peer < 4; peer++) {
            accepted += g.received("sybil-" + peer, Forger.records(strangers(4)), NOW).changed().size();
        }
        assertEquals(8, accepted, "16 offered by 4 fresh peer keys, 8 let in");
        // a digest is answered with a want for no more newcomers than would be let in
        StringBuilder digest = new StringBuilder("{\"p\":\"p2pstack-directory/1\",\"t\":\"digest\",\"e\":[");
        for (int i = 0; i < 20; i++) {
            digest.append(i == 0 ? "" : ",").append("[\"").append(Forger.someone("x", 1, 0).b32()).append("\",1]");
        }
        digest.append("]}");
        Instant later = NOW.plus(Duration.ofMinutes(30)); // half an hour: 4 more
        List<DirectoryGossip.Outgoing> out = g.received("sybil-9", digest.toString().getBytes(StandardCharsets.UTF_8), later).outgoing();
        assertEquals(1, out.size());
        String want = new String(out.get(0).data(), StandardCharsets.UTF_8);
        assertEquals(4, want.split("b32\\.i2p").length - 1, want);
    }

    @Test
    void oneSigningKeyMintingManyAddressesOrUpdatesIsHeldToItsQuota() {
        DirectoryGossip g = new DirectoryGossip(new DirectoryMerge(), quotas(100, 3, 100));
        Forger mallory = new Forger();
        List<ProfileRecord> minted = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            minted.add(mallory.record(mallory.destination(), "mallory", 1, NOW.toEpochMilli()));
        }
        assertEquals(3, g.received("p", Forger.records(minted), NOW).changed().size(), "10 addresses of one key: 3 in");

        // updates count too; forged ones (bad signatures) do not use up the owner's budget
        Forger alice = new Forger();
        String dest = alice.destination();
        assertEquals(1, g.received("p", Forger.records(List.of(alice.record(dest, "Alice", 1, NOW.toEpochMilli()))), NOW).changed().size());
        List<ProfileRecord> forged = new ArrayList<>();
        for (int seq = 2; seq < 12; seq++) {
            ProfileRecord real = alice.record(dest, "Alice", seq, NOW.toEpochMilli());
            forged.add(new ProfileRecord("Mallory", "", dest, real.b32(), "", "", seq, real.time(), mallory.record(dest, "x", 1, 1).signature()));
        }
        assertTrue(g.received("mallory", Forger.records(forged), NOW).changed().isEmpty());
        List<ProfileRecord> updates = new ArrayList<>();
        for (int seq = 2; seq < 6; seq++) {
            updates.add(alice.record(dest, "Alice " + seq, seq, NOW.toEpochMilli()));
        }
        assertEquals(2, g.received("p", Forger.records(updates), NOW).changed().size(), "1 add + 2 updates, then wait");
        assertEquals(3, g.directory().find(updates.get(0).b32()).orElseThrow().seq());
        // a followed person is not rationed
        g.directory().trust(Set.of(updates.get(0).b32()));
        assertEquals(2, g.received("p", Forger.records(updates.subList(2, 4)), NOW).changed().size());
    }

    // ------------------------------------------------------------------ what leaves this node (W2)

    static String text(DirectoryGossip.Outgoing o) {
        return new String(o.data(), StandardCharsets.UTF_8);
    }

    static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void ourUnlinkedRecordAndWhomWeFollowNeverLeaveThisNode() {
        DirectoryGossip g = new DirectoryGossip(new DirectoryMerge());
        Forger me = new Forger();
        String myDestination = me.destination();
        ProfileRecord own = me.record(myDestination, "Me", 1, NOW.toEpochMilli());
        ProfileRecord friend = Forger.someone("Friend", 1, NOW.toEpochMilli());
        ProfileRecord stranger = Forger.someone("Stranger", 1, NOW.toEpochMilli());
        g.received("peer", Forger.records(List.of(stranger)), NOW);

        DirectoryGossip.Result published = g.publish(own, false, NOW);
        assertTrue(published.outgoing().isEmpty(), "not linked: not pushed");
        assertEquals(List.of(own), published.changed(), "but known here");
        g.learnt(friend, NOW); // a followed person's record, fetched over I2P
        assertEquals(3, g.directory().size());

        List<DirectoryGossip.Outgoing> digest = g.digest("peer");
        assertEquals(1, digest.size());
        assertTrue(text(digest.get(0)).contains(stranger.b32()));
        assertFalse(text(digest.get(0)).contains(own.b32()) || text(digest.get(0)).contains(friend.b32()), text(digest.get(0)));
        String want = "{\"p\":\"p2pstack-directory/1\",\"t\":\"want\",\"b\":[\"" + own.b32() + "\",\"" + friend.b32() + "\"]}";
        assertTrue(g.received("peer", json(want), NOW).outgoing().isEmpty(), "asked for by name: still not sent");
        String olderDigest = "{\"p\":\"p2pstack-directory/1\",\"t\":\"digest\",\"e\":[[\"" + own.b32() + "\",0]]}";
        assertTrue(g.received("peer", json(olderDigest), NOW).outgoing().isEmpty(), "a peer with an older copy is not updated");

        // a newer record of ours relayed by a peer (as followers' nodes may): taken in, not forwarded, not listed
        ProfileRecord ownLater = me.record(myDestination, "Me", 2, NOW.toEpochMilli());
        DirectoryGossip.Result relayed = g.received("peer", Forger.records(List.of(ownLater)), NOW);
        assertEquals(List.of(ownLater), relayed.changed());
        assertTrue(relayed.outgoing().isEmpty(), "we would look like its source");
        assertFalse(text(g.digest("peer").get(0)).contains(own.b32()));
        // anyone else's new record from the network is passed on
        assertEquals(1, g.received("peer", Forger.records(List.of(Forger.someone("New", 1, NOW.toEpochMilli()))), NOW)
                .outgoing().size());

        // the same record of a followed person arriving from the network is passed on like any news (peers have it
        // anyway, and keeping it back would tell the sender we had it already)
        assertEquals(1, g.received("peer", Forger.records(List.of(friend)), NOW).outgoing().size());
        assertTrue(text(g.digest("peer").get(0)).contains(friend.b32()));

        // linked: our record is pushed, and listed
        ProfileRecord linked = Forger.someone("Me too", 1, NOW.toEpochMilli());
        DirectoryGossip.Result pushed = g.publish(linked, true, NOW);
        assertEquals(1, pushed.outgoing().size());
        assertTrue(text(pushed.outgoing().get(0)).contains(linked.b32()));
    }
}
