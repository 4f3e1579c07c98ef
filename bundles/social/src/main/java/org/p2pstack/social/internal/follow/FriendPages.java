package org.p2pstack.social.internal.follow;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.p2pstack.api.follow.FriendItem;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.social.internal.directory.ProfileRecords;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Reads what a friend's node serves on its public site ({@code /profile.json}, {@code /feed.json}). Everything
 * comes from someone else's computer, so every size, count and field is bounded, the profile record is verified
 * against its signature, and its b32 must be the address the page was fetched from.
 */
public final class FriendPages {

    /** Largest {@code /profile.json} read. */
    public static final int MAX_PROFILE_BYTES = 16 * 1024;
    /** Largest {@code /feed.json} read. */
    public static final int MAX_FEED_BYTES = 512 * 1024;
    /** Longest bio kept (the owner's limit is 280 characters). */
    static final int MAX_BIO = 1000;
    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_TYPE = 100;
    static final int MAX_FEED_ITEMS = 1000;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final Set<String> KINDS = Set.of("video", "picture");
    /** The profile record's own fields inside {@code /profile.json}. */
    private static final List<String> RECORD_FIELDS = List.of("avatar", "b32", "destination", "ipfsPeerId", "nickname",
            "seq", "swarmKey", "time", "signature");

    private FriendPages() {
    }

    /** Thrown for a page that cannot be used; the message is for people. */
    public static final class BadPageException extends Exception {
        private static final long serialVersionUID = 1L;

        BadPageException(String message) {
            super(message);
        }
    }

    /** A verified profile: the signed record, and the unsigned bio and picture flag served beside it. */
    public record Profile(ProfileRecord record, String bio, boolean hasAvatar) {
    }

    /** Parses {@code /profile.json} fetched from {@code b32} and verifies its record. */
    public static Profile profile(byte[] body, String b32, Instant now) throws BadPageException {
        JsonObject object = object(body, MAX_PROFILE_BYTES, "profile");
        JsonObject record = new JsonObject();
        for (String field : RECORD_FIELDS) {
            if (object.has(field)) {
                record.add(field, object.get(field));
            }
        }
        if (!record.has("signature")) {
            throw new BadPageException("This page has no signed profile (is it a p2pstack node with I2P?).");
        }
        ProfileRecord verified;
        try {
            verified = ProfileRecords.verify(record.toString(), now);
        } catch (ProfileRecords.InvalidRecordException e) {
            throw new BadPageException("The profile on this page is not valid: " + e.getMessage() + ".");
        }
        if (!verified.b32().equals(b32)) {
            throw new BadPageException("The profile on this page was signed for another address: it is not this person's.");
        }
        String bio = text(object, "bio", MAX_BIO);
        boolean hasAvatar = object.has("avatarUrl") && object.get("avatarUrl").isJsonPrimitive();
        return new Profile(verified, bio, hasAvatar);
    }

    /** Parses {@code /feed.json}: the newest {@link FriendItem#MAX_PER_FRIEND} valid items; invalid ones are skipped. */
    public static List<FriendItem> feed(byte[] body, String b32, String nickname) throws BadPageException {
        JsonObject object = object(body, MAX_FEED_BYTES, "feed");
        JsonElement itemsElement = object.get("items");
        if (itemsElement == null || !itemsElement.isJsonArray()) {
            throw new BadPageException("This page's feed has no list of posts.");
        }
        JsonArray array = itemsElement.getAsJsonArray();
        List<FriendItem> items = new ArrayList<>();
        for (int i = 0; i < Math.min(array.size(), MAX_FEED_ITEMS); i++) {
            if (!array.get(i).isJsonObject()) {
                continue;
            }
            JsonObject o = array.get(i).getAsJsonObject();
            String id = text(o, "id", 16);
            String kind = text(o, "kind", 10);
            if (!ID.matcher(id).matches() || !KINDS.contains(kind)) {
                continue;
            }
            Instant created;
            try {
                created = Instant.parse(text(o, "created", 40));
            } catch (DateTimeParseException e) {
                continue;
            }
            long size = o.has("size") && o.get("size").isJsonPrimitive() && o.get("size").getAsJsonPrimitive().isNumber()
                    ? Math.max(0, o.get("size").getAsLong()) : 0;
            boolean thumbnail = o.has("thumbnailUrl") && o.get("thumbnailUrl").isJsonPrimitive();
            items.add(new FriendItem(b32, nickname, id, kind, text(o, "type", MAX_TYPE), size,
                    text(o, "description", MAX_DESCRIPTION), created, thumbnail, text(o, "sha256", 64)));
        }
        items.sort(Comparator.comparing(FriendItem::created).reversed());
        return List.copyOf(items.subList(0, Math.min(items.size(), FriendItem.MAX_PER_FRIEND)));
    }

    private static JsonObject object(byte[] body, int max, String what) throws BadPageException {
        if (body == null || body.length > max) {
            throw new BadPageException("This page's " + what + " is too large.");
        }
        try {
            JsonElement parsed = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw new BadPageException("This page's " + what + " is not what a p2pstack node serves.");
            }
            return parsed.getAsJsonObject();
        } catch (JsonParseException | StackOverflowError e) {
            throw new BadPageException("This page's " + what + " is not what a p2pstack node serves.");
        }
    }

    /** A text field, "" when absent or not text; control characters (but new lines) removed; cut at {@code max}. */
    private static String text(JsonObject o, String key, int max) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !((JsonPrimitive) e).isString()) {
            return "";
        }
        String s = e.getAsString().replaceAll("[\\p{Cc}&&[^\\n]]", "");
        return s.length() > max ? s.substring(0, max) : s;
    }
}
