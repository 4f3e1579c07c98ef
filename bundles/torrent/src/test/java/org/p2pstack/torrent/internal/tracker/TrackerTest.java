package org.p2pstack.torrent.internal.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class TrackerTest {

    private final Map<String, List<JsonObject>> inbox = new HashMap<>();
    private final Tracker<String> tracker = new Tracker<>(
            (connection, text) -> inbox.computeIfAbsent(connection, c -> new ArrayList<>())
                    .add(JsonParser.parseString(text).getAsJsonObject()));

    private static final String HASH = TrackerMessages.binary("0123456789abcdef0123456789abcdef01234567");
    private static final String ALICE = "-WW0001-aaaaaaaaaaaa";
    private static final String BOB = "-WW0001-bbbbbbbbbbbb";

    private List<JsonObject> messages(String connection) {
        return inbox.getOrDefault(connection, List.of());
    }

    private static String announce(String peer, int offers) {
        StringBuilder json = new StringBuilder("{\"action\":\"announce\",\"info_hash\":")
                .append(new com.google.gson.Gson().toJson(HASH)).append(",\"peer_id\":\"").append(peer)
                .append("\",\"left\":100,\"event\":\"started\",\"offers\":[");
        for (int i = 0; i < offers; i++) {
            json.append(i == 0 ? "" : ",").append("{\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0 ").append(i)
                    .append("\"},\"offer_id\":\"offer-id-").append(String.format("%011d", i)).append("\"}");
        }
        return json.append("]}").toString();
    }

    @Test
    void offersGoToOtherPeersAndAnswersComeBack() {
        tracker.message("bob", announce(BOB, 0));
        assertEquals("announce", messages("bob").get(0).get("action").getAsString());
        assertEquals(HASH, messages("bob").get(0).get("info_hash").getAsString());

        tracker.message("alice", announce(ALICE, 3));
        JsonObject response = messages("alice").get(0);
        assertEquals(2, response.get("incomplete").getAsInt());
        JsonObject offer = messages("bob").get(1);
        assertEquals(ALICE, offer.get("peer_id").getAsString());
        assertEquals("offer", offer.getAsJsonObject("offer").get("type").getAsString());
        assertEquals(2, messages("bob").size(), "one offer per other peer, never to the sender");

        tracker.message("bob", "{\"action\":\"announce\",\"info_hash\":" + new com.google.gson.Gson().toJson(HASH)
                + ",\"peer_id\":\"" + BOB + "\",\"to_peer_id\":\"" + ALICE + "\",\"offer_id\":\"offer-id-00000000000\","
                + "\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0 answer\"}}");
        JsonObject answer = messages("alice").get(1);
        assertEquals(BOB, answer.get("peer_id").getAsString());
        assertEquals("answer", answer.getAsJsonObject("answer").get("type").getAsString());
        assertEquals(2, messages("bob").size(), "no reply to an answer");
    }

    @Test
    void closedConnectionsLeaveTheirSwarms() {
        tracker.message("bob", announce(BOB, 0));
        tracker.closed("bob");
        tracker.message("alice", announce(ALICE, 1));
        assertEquals(1, messages("alice").get(0).get("incomplete").getAsInt());
        assertEquals(1, messages("bob").size());
    }

    @Test
    void badMessagesGetAFailureReasonAndChangeNothing() {
        for (String bad : List.of("not json", "[]", "{\"action\":\"fly\"}", "{\"action\":\"announce\",\"info_hash\":\"short\","
                + "\"peer_id\":\"" + BOB + "\"}", "{\"action\":\"announce\",\"info_hash\":\"" + "x".repeat(20) + "\"}")) {
            tracker.message("mallory", bad);
        }
        assertEquals(5, messages("mallory").size());
        messages("mallory").forEach(m -> assertTrue(m.has("failure reason"), m.toString()));
        assertEquals(0, tracker.torrentCount());
        tracker.message("mallory", "x".repeat(TrackerMessages.MAX_MESSAGE + 1));
        assertEquals("message too large", messages("mallory").get(5).get("failure reason").getAsString());
    }

    @Test
    void swarmsAreBounded() {
        TrackerSwarms<Integer> swarms = new TrackerSwarms<>();
        for (int i = 0; i < TrackerSwarms.MAX_PEERS_PER_TORRENT + 50; i++) {
            swarms.announce("t", "peer" + i, i, "started", false, 0);
        }
        int[] counts = swarms.counts("t");
        assertEquals(TrackerSwarms.MAX_PEERS_PER_TORRENT, counts[0] + counts[1]);
        for (int i = 0; i < TrackerSwarms.MAX_TORRENTS; i++) {
            swarms.announce("torrent" + i, "p", 0, "started", false, 0);
        }
        assertTrue(swarms.announce("one-too-many", "p", 0, "started", false, 0).isEmpty());
        assertEquals(10, swarms.announce("t", "new", -1, "started", false, 10).orElseThrow().size());
    }
}
