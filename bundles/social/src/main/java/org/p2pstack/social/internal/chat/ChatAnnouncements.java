package org.p2pstack.social.internal.chat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The chat's one message between peers, sent over the swarm's protomux message channel: which core a node writes
 * in for which room, {@code {"p":"p2pstack-chat/1","t":"cores","r":[[room, core], ...]}} (room ids and core keys
 * as 64 hex characters). Other protocols share the channel; they are told apart by the message's start.
 */
final class ChatAnnouncements {

    static final String PROTOCOL = "p2pstack-chat/1";
    private static final byte[] PREFIX = ("{\"p\":\"" + PROTOCOL + "\"").getBytes(StandardCharsets.UTF_8);
    /** Largest announcement read. */
    static final int MAX_ANNOUNCE_BYTES = 16 * 1024;
    /** Most (room, core) pairs read from one announcement: as many as a node has rooms. */
    static final int MAX_PAIRS = ChatRooms.MAX_ROOMS;

    /** One announced core: {@code core} is the sender's log for {@code room}. */
    record Pair(String room, String core) {
    }

    private ChatAnnouncements() {
    }

    /** The announcement of {@code pairs} (not empty). */
    static byte[] encode(List<Pair> pairs) {
        JsonObject m = new JsonObject();
        m.addProperty("p", PROTOCOL); // first: other protocols share the channel, they are told apart by the start
        m.addProperty("t", "cores");
        JsonArray list = new JsonArray();
        for (Pair pair : pairs) {
            JsonArray e = new JsonArray();
            e.add(pair.room());
            e.add(pair.core());
            list.add(e);
        }
        m.add("r", list);
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a swarm message is the chat's (it may still be malformed). */
    static boolean isChat(byte[] data) {
        return data != null && data.length >= PREFIX.length && Arrays.equals(data, 0, PREFIX.length, PREFIX, 0, PREFIX.length);
    }

    /** Reads an announcement: the (room, core) pairs in it, or empty for anything malformed or oversized. */
    static List<Pair> parse(byte[] data) {
        if (!isChat(data) || data.length > MAX_ANNOUNCE_BYTES) {
            return List.of();
        }
        try {
            JsonElement root = JsonParser.parseString(new String(data, StandardCharsets.UTF_8));
            if (!root.isJsonObject() || !"cores".equals(text(root.getAsJsonObject().get("t")))) {
                return List.of();
            }
            JsonElement r = root.getAsJsonObject().get("r");
            if (r == null || !r.isJsonArray() || r.getAsJsonArray().size() > MAX_PAIRS) {
                return List.of();
            }
            List<Pair> out = new ArrayList<>();
            for (JsonElement e : r.getAsJsonArray()) {
                if (e.isJsonArray() && e.getAsJsonArray().size() == 2) {
                    String room = text(e.getAsJsonArray().get(0));
                    String core = text(e.getAsJsonArray().get(1));
                    if (ChatBlocks.isKey(room) && ChatBlocks.isKey(core)) {
                        out.add(new Pair(room, core));
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
}
