package org.p2pstack.sdk.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A dApp's message between peers, on the swarm's shared message channel:
 * {@code {"p":"p2pstack-dapp/1","d":"<dapp>","t":"<topic>","m":"<base64 bytes>"}}. Like the chat's and the
 * directory's, it is told apart from other protocols by its first bytes, and here also from every other dApp's:
 * {@link #isFor} compares the prefix up to and including the dApp's name, so a message reaches only its own dApp.
 */
final class DappSwarmMessages {

    static final String PROTOCOL = "p2pstack-dapp/1";
    private static final byte[] PREFIX = ("{\"p\":\"" + PROTOCOL + "\",\"d\":\"").getBytes(StandardCharsets.UTF_8);
    /** Largest message a dApp sends or receives (its bytes, before base64). */
    static final int MAX_MESSAGE_BYTES = 16 * 1024;
    /** Largest message read from the wire: the base64 of the above plus the envelope. */
    static final int MAX_WIRE_BYTES = 4 * ((MAX_MESSAGE_BYTES + 2) / 3) + 256;

    /** A message for a dApp: the topic name it was sent on and its bytes. */
    record Received(String dapp, String topic, byte[] message) {
    }

    private DappSwarmMessages() {
    }

    static byte[] encode(String dapp, String topic, byte[] message) {
        if (message.length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message too long");
        }
        JsonObject m = new JsonObject();
        m.addProperty("p", PROTOCOL); // first, then the dApp: isFor reads these bytes
        m.addProperty("d", dapp);
        m.addProperty("t", topic);
        m.addProperty("m", Base64.getEncoder().encodeToString(message));
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a swarm message is some dApp's (it may still be malformed). */
    static boolean isDapp(byte[] data) {
        return data != null && data.length >= PREFIX.length && Arrays.equals(data, 0, PREFIX.length, PREFIX, 0, PREFIX.length);
    }

    /** Whether a swarm message is addressed to {@code dapp}: the prefix with its name and the closing quote. */
    static boolean isFor(byte[] data, String dapp) {
        if (!isDapp(data)) {
            return false;
        }
        byte[] name = (dapp + "\"").getBytes(StandardCharsets.UTF_8);
        return data.length >= PREFIX.length + name.length
                && Arrays.equals(data, PREFIX.length, PREFIX.length + name.length, name, 0, name.length);
    }

    /** Reads a dApp message, or empty for anything malformed, oversized or with names outside the namespace rules. */
    static Optional<Received> decode(byte[] data) {
        if (!isDapp(data) || data.length > MAX_WIRE_BYTES) {
            return Optional.empty();
        }
        try {
            JsonElement root = JsonParser.parseString(new String(data, StandardCharsets.UTF_8));
            if (!root.isJsonObject()) {
                return Optional.empty();
            }
            JsonObject o = root.getAsJsonObject();
            String dapp = text(o.get("d"));
            String topic = text(o.get("t"));
            String body = text(o.get("m"));
            if (dapp == null || topic == null || body == null || !DappNamespace.DAPP.matcher(dapp).matches()
                    || !DappNamespace.NAME.matcher(topic).matches()) {
                return Optional.empty();
            }
            byte[] message = Base64.getDecoder().decode(body);
            if (message.length > MAX_MESSAGE_BYTES) {
                return Optional.empty();
            }
            return Optional.of(new Received(dapp, topic, message));
        } catch (JsonParseException | IllegalArgumentException | StackOverflowError e) {
            return Optional.empty();
        }
    }

    private static String text(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }
}
