package org.p2pstack.social.internal.directory;

import org.p2pstack.api.profile.ProfileRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Anti-entropy between gossip instances wired by hand, and what hostile peers send. */
class DirectoryGossipTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static List<ProfileRecordsTest.Identity> people = new ArrayList<>();

    @BeforeAll
    static void identities() throws Exception {
        for (int i = 0; i < 6; i++) {
            people.add(ProfileRecordsTest.newIdentity());
        }
    }

    /** Delivers messages between named nodes until nothing is left to say; returns the number delivered. */
    static int run(Map<String, DirectoryGossip> nodes, Deque<Object[]> queue) {
        int delivered = 0;
        while (!queue.isEmpty()) {
            Object[] item = queue.poll();
            String from = (String) item[0];
            DirectoryGossip.Outgoing out = (DirectoryGossip.Outgoing) item[1];
            for (String to : nodes.keySet()) {
                boolean target = out.peerKey() != null ? out.peerKey().equals(to) : !to.equals(from) && !to.equals(out.except());
                if (target) {
                    delivered++;
                    for (DirectoryGossip.Outgoing reply : nodes.get(to).received(from, out.data(), NOW).outgoing()) {
                        queue.add(new Object[] { to, reply });
                    }
                }
            }
        }
        return delivered;
    }

    @Test
    void twoNodesConvergeOnTheNewestRecords() {
        DirectoryGossip a = new DirectoryGossip(new DirectoryMerge());
        DirectoryGossip b = new DirectoryGossip(new DirectoryMerge());
        a.directory().merge(people.get(0).record("Alice", 1, NOW.toEpochMilli()));
        a.directory().merge(people.get(1).record("Bob", 5, NOW.toEpochMilli()));
        b.directory().merge(people.get(1).record("Bobby", 3, NOW.toEpochMilli())); // older: a's wins
        b.directory().merge(people.get(2).record("Carol", 2, NOW.toEpochMilli()));
        Map<String, DirectoryGossip> nodes = new LinkedHashMap<>();
        nodes.put("a", a);
        nodes.put("b", b);
        Deque<Object[]> queue = new ArrayDeque<>();
        a.digest("b").forEach(o -> queue.add(new Object[] { "a", o }));
        b.digest("a").forEach(o -> queue.add(new Object[] { "b", o }));
        run(nodes, queue);
        for (DirectoryGossip g : List.of(a, b)) {
            assertEquals(3, g.directory().size());
            assertEquals("Bob", g.directory().find(people.get(1).destination().toBase32()).orElseThrow().nickname());
            assertEquals("Alice", g.directory().search("ali").get(0).nickname());
        }
    }

    @Test
    void aPublishedRecordFloodsThroughAChainOnce() {
        Map<String, DirectoryGossip> nodes = new LinkedHashMap<>();
        for (String n : List.of("a", "b", "c")) {
            nodes.put(n, new DirectoryGossip(new DirectoryMerge()));
        }
        Deque<Object[]> queue = new ArrayDeque<>();
        DirectoryGossip.Result published = nodes.get("a").publish(people.get(0).record("Alice", 7, NOW.toEpochMilli()));
        published.outgoing().forEach(o -> queue.add(new Object[] { "a", o }));
        int delivered = run(nodes, queue);
        nodes.values().forEach(g -> assertEquals(7, g.directory().find(people.get(0).destination().toBase32()).orElseThrow().seq()));
        assertTrue(delivered <= 6, "each node forwards a new record once: " + delivered);
        // the same record again changes nothing and is not forwarded
        assertTrue(nodes.get("a").publish(people.get(0).record("Alice", 7, NOW.toEpochMilli())).outgoing().isEmpty());
    }

    private static byte[] message(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String records(String... records) {
        return "{\"p\":\"p2pstack-directory/1\",\"t\":\"records\",\"r\":[" + String.join(",", records) + "]}";
    }

    @Test
    void hostileInputIsDroppedAndChangesNothing() throws Exception {
        DirectoryGossip g = new DirectoryGossip(new DirectoryMerge());
        ProfileRecord alice = people.get(0).record("Alice", 4, NOW.toEpochMilli());
        g.directory().merge(alice);
        List<String> bad = List.of(
                "{\"p\":\"p2pstack-directory/1\"",                                   // truncated
                "{\"p\":\"p2pstack-directory/1\",\"t\":\"digest\",\"e\":\"x\"}",      // wrong type
                "{\"p\":\"p2pstack-directory/1\",\"t\":\"digest\",\"e\":[[1,2]]}",    // b32 not text
                "{\"p\":\"p2pstack-directory/1\",\"t\":\"digest\",\"e\":[[\"x\",-1]]}", // negative seq
                "{\"p\":\"p2pstack-directory/1\",\"t\":\"digest\",\"e\":[[\"x\",1.5]]}",
                "{\"p\":\"p2pstack-directory/1\",\"t\":\"want\",\"b\":[{}]}",
                "{\"p\":\"p2pstack-directory/1\",\"t\":\"nonsense\"}",
                "{\"p\":\"p2pstack-directory/1\",\"t\":\"digest\",\"e\":[" + "[\"x\",1],".repeat(DirectoryGossip.MAX_DIGEST_ENTRIES) + "[\"x\",1]]}",
                "{\"p\":\"p2pstack-directory/1\",\"t\":\"digest\",\"e\":[" + "[".repeat(20_000) + "]}");
        for (String m : bad) {
            DirectoryGossip.Result r = g.received("mallory" + bad.indexOf(m), message(m), NOW);
            assertNotNull(r.dropped(), m.length() > 100 ? m.substring(0, 100) : m);
            assertTrue(r.outgoing().isEmpty() && r.changed().isEmpty());
        }
        // oversized
        byte[] huge = message(records("\"" + "x".repeat(DirectoryGossip.MAX_MESSAGE_BYTES) + "\""));
        assertNotNull(g.received("m", huge, NOW).dropped());
        // other protocols on the channel are not ours
        assertFalse(DirectoryGossip.isGossip(message("{\"p\":\"p2pstack-chat/1\"}")));

        // forged, tampered, future-dated and replayed records: dropped, the good one in the same message kept
        ProfileRecord forged = new ProfileRecord("Alice", "", alice.destination(), alice.b32(), "", "", 99, NOW.toEpochMilli(), "");
        forged = forged.signed(net.i2p.crypto.DSAEngine.getInstance().sign(ProfileRecords.signedBytes(forged), people.get(5).key()).getData());
        ProfileRecord future = people.get(1).record("Bob", 1, NOW.plusSeconds(3600).toEpochMilli());
        ProfileRecord replayed = people.get(0).record("Alice-old", 2, NOW.toEpochMilli());
        ProfileRecord carol = people.get(2).record("Carol", 1, NOW.toEpochMilli());
        DirectoryGossip.Result r = g.received("mallory", message(records(ProfileRecords.toJson(forged),
                ProfileRecords.toJson(alice).replace("\"Alice\"", "\"Alicia\""), ProfileRecords.toJson(future), ProfileRecords.toJson(replayed), "42", ProfileRecords.toJson(carol))), NOW);
        assertEquals(List.of(carol), r.changed());
        // the replayed older record is valid, only stale: it is not counted as invalid, and changes nothing
        assertEquals("4 invalid record(s) dropped", r.dropped());
        assertEquals("Alice", g.directory().find(alice.b32()).orElseThrow().nickname());
        assertEquals(4, g.directory().find(alice.b32()).orElseThrow().seq());
        assertFalse(g.directory().find(people.get(1).destination().toBase32()).isPresent());
        // too many records in one message
        String many = records(java.util.Collections.nCopies(DirectoryGossip.MAX_RECORDS_PER_MESSAGE + 1, ProfileRecords.toJson(carol)).toArray(String[]::new));
        assertNotNull(g.received("mallory", message(many), NOW).dropped());
    }

    @Test
    void aPeerOverItsMessageBudgetIsIgnoredUntilItRefills() {
        DirectoryGossip g = new DirectoryGossip(new DirectoryMerge());
        byte[] digest = message("{\"p\":\"p2pstack-directory/1\",\"t\":\"digest\",\"e\":[]}");
        int accepted = 0;
        for (int i = 0; i < 500; i++) {
            if (g.received("flooder", digest, NOW).dropped() == null) {
                accepted++;
            }
        }
        assertEquals((int) DirectoryGossip.MESSAGE_BURST, accepted);
        // another peer is not affected, and the flooder gets a little budget back with time
        assertNull(g.received("friend", digest, NOW).dropped());
        assertNull(g.received("flooder", digest, NOW.plusSeconds(1)).dropped());
    }
}
