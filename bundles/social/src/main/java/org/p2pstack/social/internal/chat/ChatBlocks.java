package org.p2pstack.social.internal.chat;

import org.p2pstack.api.chat.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * The block format of a chat core: one message per block, UTF-8 JSON
 * {@code {"v":1,"room":"<hex>","author":"<hex>","time":<ms>,"text":"..."}}. Blocks come from peers and
 * are untrusted: each is read within these bounds, and a block that breaks them is skipped, never the room.
 */
public final class ChatBlocks {

    /** Largest block read or written. */
    public static final int MAX_BLOCK_BYTES = 4096;
    /** Longest message, in characters. */
    public static final int MAX_TEXT = 1000;
    /** How far ahead of our clock a message may be dated (clocks differ a little). */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(10);
    static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    private ChatBlocks() {
    }

    /** Thrown for a block or a text that cannot be a message; the message is for people. */
    public static final class InvalidMessageException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidMessageException(String message) {
            super(message);
        }
    }

    /** Checks text someone wants to send and returns it tidied (stripped); throws with a plain reason. */
    public static String checkText(String text) throws InvalidMessageException {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new InvalidMessageException("Write a message first.");
        }
        if (t.codePointCount(0, t.length()) > MAX_TEXT) {
            throw new InvalidMessageException("A message can be at most " + MAX_TEXT + " characters long.");
        }
        if (t.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw new InvalidMessageException("The message contains invisible control characters.");
        }
        return t;
    }

    public static boolean isKey(String hex) {
        return hex != null && KEY.matcher(hex).matches();
    }

    /** The block for a message. */
    public static byte[] encode(String room, String author, long time, String text) {
        JsonObject o = new JsonObject();
        o.addProperty("v", 1);
        o.addProperty("room", room);
        o.addProperty("author", author);
        o.addProperty("time", time);
        o.addProperty("text", text);
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads block {@code index} of {@code core}, which must belong to {@code room}. */
    public static ChatMessage decode(byte[] block, String room, String core, long index, Instant now) throws InvalidMessageException {
        if (block == null || block.length > MAX_BLOCK_BYTES) {
            throw new InvalidMessageException("block larger than " + MAX_BLOCK_BYTES + " bytes");
        }
        JsonObject o;
        try {
            JsonElement root = JsonParser.parseString(new String(block, StandardCharsets.UTF_8));
            if (!root.isJsonObject()) {
                throw new InvalidMessageException("block is not a JSON object");
            }
            o = root.getAsJsonObject();
        } catch (JsonParseException | StackOverflowError e) {
            throw new InvalidMessageException("block is not JSON");
        }
        if (!(o.get("v") instanceof JsonPrimitive v) || !v.isNumber() || v.getAsDouble() != 1) {
            throw new InvalidMessageException("unknown block version");
        }
        if (!room.equals(string(o, "room"))) {
            throw new InvalidMessageException("block of another room");
        }
        String author = string(o, "author");
        if (!isKey(author)) {
            throw new InvalidMessageException("invalid author");
        }
        if (!(o.get("time") instanceof JsonPrimitive t) || !t.isNumber()) {
            throw new InvalidMessageException("missing time");
        }
        long time;
        try {
            time = t.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException | NumberFormatException e) { // not whole, or an exponent too large to read
            throw new InvalidMessageException("time must be a whole number");
        }
        if (time < 0 || Instant.ofEpochMilli(time).isAfter(now.plus(MAX_FUTURE))) {
            throw new InvalidMessageException("message dated in the future");
        }
        String text = string(o, "text");
        if (text == null) {
            throw new InvalidMessageException("missing text");
        }
        return new ChatMessage(room, core, index, author, time, checkText(text));
    }

    private static String string(JsonObject o, String key) {
        return o.get(key) instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
    }
}
