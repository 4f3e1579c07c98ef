package org.p2pstack.social.internal.directory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.p2pstack.api.profile.ProfileRecord;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * The wire form of {@link ProfileRecord}s: the bytes a signature covers, the JSON published and gossiped, and the
 * reader of records that come from other people (their public site, gossip): every field bounded, the b32
 * recomputed from the destination, the signature checked against the destination's own key, and records dated in
 * the future refused.
 */
public final class ProfileRecords {

    /** Largest record accepted, in bytes of JSON. */
    public static final int MAX_RECORD_BYTES = 4096;
    /** How far ahead of our clock a record may be dated (clocks differ a little). */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(10);
    static final int MAX_NICKNAME = 40;
    static final int MAX_FIELD = 200;
    // every nickname the profile accepts (letters, marks, digits, emoji and their joiners, space . _ -), and apostrophes;
    // no control or direction-changing characters
    private static final Pattern NICKNAME = Pattern.compile("[\\p{L}\\p{N}\\p{So}][\\p{L}\\p{N}\\p{M}\\p{So}\\p{Sk}\\x{200D} ._'-]{0,39}");

    /** Prefix of the signed bytes, so a signature can never be replayed as something else. */
    static final String DOMAIN = "p2pstack-profile-v1\n";

    private ProfileRecords() {
    }

    /** The bytes the signature covers: every field but the signature, as JSON with sorted keys. */
    public static byte[] signedBytes(ProfileRecord record) {
        return (DOMAIN + new Gson().toJson(unsignedFields(record))).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> unsignedFields(ProfileRecord r) {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("avatar", r.avatar());
        fields.put("b32", r.b32());
        fields.put("destination", r.destination());
        fields.put("ipfsPeerId", r.ipfsPeerId());
        fields.put("nickname", r.nickname());
        fields.put("seq", r.seq());
        fields.put("swarmKey", r.swarmKey());
        fields.put("time", r.time());
        return fields;
    }

    /**
     * The record as published. An empty swarm key or IPFS peer id (the owner did not link those networks) is left
     * out; it is still signed as "" so that every node, older ones too, reads the absent field back as "" and the
     * signature verifies either way.
     */
    public static String toJson(ProfileRecord record) {
        Map<String, Object> fields = unsignedFields(record);
        fields.put("signature", record.signature());
        if (record.swarmKey() == null || record.swarmKey().isEmpty()) {
            fields.remove("swarmKey");
        }
        if (record.ipfsPeerId() == null || record.ipfsPeerId().isEmpty()) {
            fields.remove("ipfsPeerId");
        }
        return new Gson().toJson(fields);
    }

    /** Thrown for a record that must be dropped; the message says why. */
    public static final class InvalidRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidRecordException(String message) {
            super(message);
        }
    }

    /** Parses and verifies a record received from someone else. */
    public static ProfileRecord verify(String json, Instant now) throws InvalidRecordException {
        if (json == null || json.getBytes(StandardCharsets.UTF_8).length > MAX_RECORD_BYTES) {
            throw new InvalidRecordException("record larger than " + MAX_RECORD_BYTES + " bytes");
        }
        JsonObject object;
        try {
            JsonElement parsed = JsonParser.parseString(json);
            if (!parsed.isJsonObject()) {
                throw new InvalidRecordException("record is not a JSON object");
            }
            object = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new InvalidRecordException("record is not JSON");
        }
        String nickname = text(object, "nickname", MAX_NICKNAME, true);
        if (!NICKNAME.matcher(nickname).matches()) {
            throw new InvalidRecordException("invalid nickname");
        }
        String destinationText = text(object, "destination", I2pDestination.MAX_LENGTH * 2, true);
        I2pDestination destination;
        try {
            destination = I2pDestination.parse(destinationText);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(e.getMessage());
        }
        String b32 = text(object, "b32", MAX_FIELD, true);
        if (!b32.equals(destination.b32())) {
            throw new InvalidRecordException("b32 does not belong to the destination");
        }
        long seq = number(object, "seq");
        long time = number(object, "time");
        if (seq < 0 || time < 0) {
            throw new InvalidRecordException("negative seq or time");
        }
        if (Instant.ofEpochMilli(time).isAfter(now.plus(MAX_FUTURE))) {
            throw new InvalidRecordException("record dated in the future");
        }
        ProfileRecord record = new ProfileRecord(nickname, text(object, "avatar", MAX_FIELD, false), destinationText, b32,
                text(object, "swarmKey", MAX_FIELD, false), text(object, "ipfsPeerId", MAX_FIELD, false), seq, time,
                text(object, "signature", MAX_FIELD, true));
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(record.signature());
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException("signature is not base64url");
        }
        if (!destination.verifies(ProfileRecords.signedBytes(record), signature)) {
            throw new InvalidRecordException("bad signature");
        }
        return record;
    }

    private static String text(JsonObject object, String key, int max, boolean required) throws InvalidRecordException {
        JsonElement value = object.get(key);
        if (value == null || value.isJsonNull()) {
            if (required) {
                throw new InvalidRecordException("missing " + key);
            }
            return "";
        }
        if (!value.isJsonPrimitive() || !((JsonPrimitive) value).isString()) {
            throw new InvalidRecordException(key + " must be text");
        }
        String text = value.getAsString();
        if (text.length() > max || text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRecordException("invalid " + key);
        }
        return text;
    }

    private static long number(JsonObject object, String key) throws InvalidRecordException {
        JsonElement value = object.get(key);
        if (value == null || !value.isJsonPrimitive() || !((JsonPrimitive) value).isNumber()) {
            throw new InvalidRecordException("missing " + key);
        }
        try {
            return value.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException | NumberFormatException e) { // not whole, or an exponent too large to read
            throw new InvalidRecordException(key + " must be a whole number");
        }
    }
}
