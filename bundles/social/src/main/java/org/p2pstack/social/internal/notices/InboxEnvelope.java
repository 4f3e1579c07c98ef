package org.p2pstack.social.internal.notices;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.social.internal.directory.ProfileRecords;
import org.p2pstack.social.internal.directory.ProfileRecords.InvalidRecordException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * What one node posts to another's {@code /inbox} over I2P:
 * {@code {"p":"p2pstack-notice/1","type":"follow"|"unfollow"|"feed"|"dm","record":{signed profile record},"id","text"}}.
 * The sender is the b32 the I2P tunnel names (I2P authenticates it); the signed record must be that b32's own and
 * gives the nickname to show. {@code id} (16 hex characters) names a direct message, so a resent one is taken once.
 * A follow may say {@code "keeps":true}: the follower's node keeps copies of the followed person's posts for their
 * other followers.
 */
record InboxEnvelope(String type, ProfileRecord sender, String id, String text, boolean keeps) {

    static final String PROTOCOL = "p2pstack-notice/1";
    static final Set<String> TYPES = Set.of("follow", "unfollow", "feed", "dm");
    /** Largest envelope read: a record (about 1.5 KiB) and a message. */
    static final int MAX_BYTES = 16 * 1024;
    /** Longest direct message, in characters. */
    static final int MAX_TEXT = 2000;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

    /** Why an envelope was refused, in words for the sender's log. */
    static final class BadEnvelope extends Exception {
        private static final long serialVersionUID = 1L;

        BadEnvelope(String message) {
            super(message);
        }
    }

    static byte[] encode(String type, ProfileRecord own, String id, String text) {
        return encode(type, own, id, text, false);
    }

    static byte[] encode(String type, ProfileRecord own, String id, String text, boolean keeps) {
        JsonObject o = new JsonObject();
        o.addProperty("p", PROTOCOL);
        o.addProperty("type", type);
        o.add("record", JsonParser.parseString(ProfileRecords.toJson(own)));
        if (id != null) {
            o.addProperty("id", id);
        }
        if (text != null) {
            o.addProperty("text", text);
        }
        if (keeps) {
            o.addProperty("keeps", true);
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads and checks an envelope that arrived from {@code senderB32} (as the I2P tunnel named it).
     *
     * @throws BadEnvelope for anything malformed, oversized, unsigned or not the sender's own
     */
    static InboxEnvelope parse(byte[] body, String senderB32, Instant now) throws BadEnvelope {
        if (body == null || body.length > MAX_BYTES) {
            throw new BadEnvelope("The notice is larger than " + MAX_BYTES + " bytes.");
        }
        JsonObject o;
        try {
            JsonElement root = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            if (!root.isJsonObject()) {
                throw new BadEnvelope("The notice is not a JSON object.");
            }
            o = root.getAsJsonObject();
        } catch (JsonParseException | StackOverflowError e) {
            throw new BadEnvelope("The notice is not valid JSON.");
        }
        if (!PROTOCOL.equals(text(o, "p"))) {
            throw new BadEnvelope("The notice does not speak " + PROTOCOL + ".");
        }
        String type = text(o, "type");
        if (type == null || !TYPES.contains(type)) {
            throw new BadEnvelope("Unknown notice type.");
        }
        JsonElement recordJson = o.get("record");
        if (recordJson == null || !recordJson.isJsonObject()) {
            throw new BadEnvelope("The notice carries no profile record.");
        }
        ProfileRecord record;
        try {
            record = ProfileRecords.verify(recordJson.toString(), now);
        } catch (InvalidRecordException e) {
            throw new BadEnvelope("The sender's profile record is not valid: " + e.getMessage());
        }
        if (senderB32 == null || !record.b32().equals(senderB32)) {
            throw new BadEnvelope("The profile record is not the sender's own.");
        }
        String id = text(o, "id");
        String message = text(o, "text");
        if (type.equals("dm")) {
            if (id == null || !ID.matcher(id).matches()) {
                throw new BadEnvelope("A message needs an id of 16 hex characters.");
            }
            if (message == null || message.isBlank() || message.length() > MAX_TEXT) {
                throw new BadEnvelope("A message has 1 to " + MAX_TEXT + " characters.");
            }
            return new InboxEnvelope(type, record, id, message.strip(), false);
        }
        JsonElement keeps = o.get("keeps");
        boolean keepsCopies = type.equals("follow") && keeps != null && keeps.isJsonPrimitive()
                && keeps.getAsJsonPrimitive().isBoolean() && keeps.getAsBoolean();
        return new InboxEnvelope(type, record, null, null, keepsCopies);
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }
}
