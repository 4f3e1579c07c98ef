package org.p2pstack.core.internal.content;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.p2pstack.api.content.ContentItem.Kind;
import org.p2pstack.api.content.ContentItem.Origin;
import org.p2pstack.api.content.ContentLibrary;
import org.p2pstack.api.content.ContentLibrary.Thumbnail;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The {@code <media>.json} file beside each media file in the shared folder. People may open it, so it is
 * pretty-printed; the poster image is embedded as a data URL so that one atomic write covers everything.
 */
public record Sidecar(String file, String description, Instant created, String type, long size, String sha256,
        String thumbnail, Origin origin) {

    /** Largest sidecar read; anything bigger is treated as corrupt. */
    public static final int MAX_BYTES = 2 * 1024 * 1024;
    static final int FORMAT = 1;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern DATA_URL = Pattern.compile("data:(image/(?:jpeg|png|webp));base64,([A-Za-z0-9+/=]+)");
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

    /** Thrown for a sidecar that cannot be used; the message says why, in plain words. */
    public static final class CorruptSidecar extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptSidecar(String message) {
            super(message);
        }
    }

    public byte[] toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("p2pstack", FORMAT);
        json.put("file", file);
        json.put("description", description);
        json.put("created", created.toString());
        json.put("type", type);
        json.put("size", size);
        json.put("sha256", sha256);
        json.put("thumbnail", thumbnail);
        json.put("origin", origin.name().toLowerCase(java.util.Locale.ROOT));
        return (GSON.toJson(json) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public static Sidecar parse(byte[] bytes) throws CorruptSidecar {
        if (bytes.length > MAX_BYTES) {
            throw new CorruptSidecar("it is larger than " + MAX_BYTES / 1024 + " KiB");
        }
        try {
            JsonElement root = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            if (!root.isJsonObject()) {
                throw new CorruptSidecar("it is not a JSON object");
            }
            JsonObject o = root.getAsJsonObject();
            String file = string(o, "file", true);
            String description = string(o, "description", true);
            if (description.length() > ContentLibrary.MAX_DESCRIPTION) {
                description = description.substring(0, ContentLibrary.MAX_DESCRIPTION);
            }
            Instant created = Instant.parse(string(o, "created", true));
            String type = string(o, "type", true);
            long size = o.has("size") && o.get("size").isJsonPrimitive() ? o.get("size").getAsLong() : -1;
            if (size < 0) {
                throw new CorruptSidecar("its size is missing");
            }
            String sha = string(o, "sha256", true);
            if (!SHA256.matcher(sha).matches()) {
                throw new CorruptSidecar("its SHA-256 is not valid");
            }
            String thumbnail = string(o, "thumbnail", false);
            if (thumbnail != null && !DATA_URL.matcher(thumbnail).matches()) {
                thumbnail = null;
            }
            String originText = string(o, "origin", false);
            Origin origin = "dropped".equals(originText) ? Origin.DROPPED : Origin.PUBLISHED;
            return new Sidecar(file, description, created, type, size, sha, thumbnail, origin);
        } catch (JsonParseException | IllegalStateException | NumberFormatException | UnsupportedOperationException e) {
            throw new CorruptSidecar("it is not valid JSON");
        } catch (DateTimeParseException e) {
            throw new CorruptSidecar("its date is not valid");
        }
    }

    Kind kind() {
        return type.startsWith("image/") ? Kind.PICTURE : Kind.VIDEO;
    }

    /** The embedded poster image, if any. */
    Thumbnail decodeThumbnail() {
        if (thumbnail == null) {
            return null;
        }
        var m = DATA_URL.matcher(thumbnail);
        if (!m.matches()) {
            return null;
        }
        return new Thumbnail(m.group(1), Base64.getDecoder().decode(m.group(2)));
    }

    static String encodeThumbnail(Thumbnail thumbnail) {
        return thumbnail == null ? null
                : "data:" + thumbnail.contentType() + ";base64," + Base64.getEncoder().encodeToString(thumbnail.bytes());
    }

    private static String string(JsonObject o, String key, boolean required) throws CorruptSidecar {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw new CorruptSidecar("the field '" + key + "' is missing");
            }
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new CorruptSidecar("the field '" + key + "' is not text");
        }
        return e.getAsString();
    }
}
