package org.p2pstack.torrent.internal.tracker;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The WebTorrent tracker protocol: browsers that watch the same video announce here with WebRTC offers;
 * each offer goes to another peer of that torrent and its answer comes back, after which the browsers
 * trade pieces directly. Transport-neutral: {@link TrackerServlet} feeds it WebSocket messages.
 *
 * @param <C> a connection
 */
public final class Tracker<C> {

    private final TrackerSwarms<C> swarms = new TrackerSwarms<>();
    private final Gson gson = new Gson();
    private final BiConsumer<C, String> sender;

    /** @param sender sends one text message to a connection; must not block for long */
    public Tracker(BiConsumer<C, String> sender) {
        this.sender = sender;
    }

    /** One text message from a connection. */
    public void message(C session, String text) {
        if (text.length() > TrackerMessages.MAX_MESSAGE) {
            fail(session, null, "message too large");
            return;
        }
        JsonObject request;
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new JsonParseException("not an object");
            }
            request = parsed.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            fail(session, null, "invalid JSON");
            return;
        }
        String action = string(request, "action");
        if ("announce".equals(action)) {
            announce(session, request);
        } else if ("scrape".equals(action)) {
            scrape(session, request);
        } else {
            fail(session, null, "invalid action");
        }
    }

    private void announce(C session, JsonObject request) {
        String infoHash = string(request, "info_hash");
        String peerId = string(request, "peer_id");
        if (!TrackerMessages.isId(infoHash) || !TrackerMessages.isId(peerId)) {
            fail(session, infoHash, "invalid info_hash or peer_id");
            return;
        }
        String torrent = TrackerMessages.hex(infoHash);
        if (request.has("answer")) {
            relayAnswer(session, request, torrent, infoHash, peerId);
            return;
        }
        JsonArray offers = request.has("offers") && request.get("offers").isJsonArray() ? request.getAsJsonArray("offers")
                : new JsonArray();
        int wanted = Math.min(offers.size(), TrackerMessages.MAX_OFFERS);
        boolean complete = request.has("left") && request.get("left").isJsonPrimitive()
                && request.get("left").getAsJsonPrimitive().isNumber() && request.get("left").getAsDouble() == 0;
        Optional<List<TrackerSwarms.Peer<C>>> targets = swarms.announce(torrent, TrackerMessages.hex(peerId), session,
                string(request, "event"), complete, wanted);
        if (targets.isEmpty()) {
            fail(session, infoHash, "the tracker is full");
            return;
        }
        int[] counts = swarms.counts(torrent);
        JsonObject response = new JsonObject();
        response.addProperty("action", "announce");
        response.addProperty("interval", TrackerMessages.INTERVAL_SECONDS);
        response.addProperty("info_hash", infoHash);
        response.addProperty("complete", counts[0]);
        response.addProperty("incomplete", counts[1]);
        send(session, response);
        List<TrackerSwarms.Peer<C>> peers = targets.get();
        for (int i = 0; i < peers.size(); i++) {
            JsonElement item = offers.get(i);
            if (!item.isJsonObject() || !item.getAsJsonObject().has("offer")) {
                continue;
            }
            JsonObject offer = new JsonObject();
            offer.addProperty("action", "announce");
            offer.add("offer", item.getAsJsonObject().get("offer"));
            offer.add("offer_id", item.getAsJsonObject().get("offer_id"));
            offer.addProperty("peer_id", peerId);
            offer.addProperty("info_hash", infoHash);
            send(peers.get(i).connection(), offer);
        }
    }

    private void relayAnswer(C session, JsonObject request, String torrent, String infoHash, String peerId) {
        String toPeerId = string(request, "to_peer_id");
        if (!TrackerMessages.isId(toPeerId)) {
            fail(session, infoHash, "invalid to_peer_id");
            return;
        }
        swarms.find(torrent, TrackerMessages.hex(toPeerId)).ifPresent(target -> {
            JsonObject answer = new JsonObject();
            answer.addProperty("action", "announce");
            answer.add("answer", request.get("answer"));
            answer.add("offer_id", request.get("offer_id"));
            answer.addProperty("peer_id", peerId);
            answer.addProperty("info_hash", infoHash);
            send(target.connection(), answer);
        });
    }

    private void scrape(C session, JsonObject request) {
        JsonObject files = new JsonObject();
        JsonElement hashes = request.get("info_hash");
        JsonArray list = hashes == null ? new JsonArray() : hashes.isJsonArray() ? hashes.getAsJsonArray() : new JsonArray();
        if (hashes != null && hashes.isJsonPrimitive()) {
            list.add(hashes);
        }
        for (int i = 0; i < Math.min(list.size(), TrackerMessages.MAX_OFFERS * 10); i++) {
            String infoHash = list.get(i).isJsonPrimitive() ? list.get(i).getAsString() : null;
            if (TrackerMessages.isId(infoHash)) {
                int[] counts = swarms.counts(TrackerMessages.hex(infoHash));
                JsonObject file = new JsonObject();
                file.addProperty("complete", counts[0]);
                file.addProperty("incomplete", counts[1]);
                file.addProperty("downloaded", counts[0]);
                files.add(infoHash, file);
            }
        }
        JsonObject response = new JsonObject();
        response.addProperty("action", "scrape");
        response.add("files", files);
        send(session, response);
    }

    /** The connection is gone: it leaves every swarm. */
    public void closed(C session) {
        swarms.forget(session);
    }

    /** Torrents with peers right now. */
    public int torrentCount() {
        return swarms.torrentCount();
    }

    private void fail(C session, String infoHash, String reason) {
        JsonObject failure = new JsonObject();
        failure.addProperty("failure reason", reason);
        if (infoHash != null) {
            failure.addProperty("info_hash", infoHash);
        }
        send(session, failure);
    }

    private void send(C session, JsonObject message) {
        sender.accept(session, gson.toJson(message));
    }

    private static String string(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString() : null;
    }
}
