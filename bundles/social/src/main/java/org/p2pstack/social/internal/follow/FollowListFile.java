package org.p2pstack.social.internal.follow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.p2pstack.api.follow.FriendItem;
import org.p2pstack.util.files.AtomicFiles;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.social.internal.directory.ProfileRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The follow list on disk ({@code data/p2pstack/follows/follows.json}, written atomically): each friend's last
 * verified record, the address-book name following gave them, their last posts; and the addresses waiting to be
 * followed. Records are verified again when read, so a damaged or edited entry is dropped, not trusted.
 */
final class FollowListFile {

    private static final Logger LOG = LoggerFactory.getLogger(FollowListFile.class);
    private final Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private final Path file;

    /** One followed person (mutable; the service guards it). */
    static final class Entry {
        ProfileRecord record;
        String name;
        boolean nameAdded;
        Instant followedAt;
        Instant lastFetched;
        String problem;
        String bio = "";
        boolean hasAvatar;
        List<FriendItem> items = List.of();
    }

    /** Everything saved. */
    record State(List<Entry> friends, List<String> pending) {
    }

    FollowListFile(Path file) {
        this.file = file;
    }

    State load() {
        List<Entry> friends = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return new State(friends, pending);
        }
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            LOG.error("The follow list {} cannot be read; keeping it aside as .corrupt and starting empty", file, e);
            try {
                Files.move(file, file.resolveSibling(file.getFileName() + ".corrupt"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // reported above
            }
            return new State(friends, pending);
        }
        for (JsonElement element : array(root, "friends")) {
            try {
                JsonObject o = element.getAsJsonObject();
                Entry entry = new Entry();
                entry.record = ProfileRecords.verify(o.get("record").getAsString(), Instant.ofEpochMilli(Long.MAX_VALUE / 2));
                entry.name = string(o, "name");
                entry.nameAdded = o.has("nameAdded") && o.get("nameAdded").getAsBoolean();
                entry.followedAt = Instant.parse(o.get("followedAt").getAsString());
                entry.lastFetched = string(o, "lastFetched") == null ? null : Instant.parse(string(o, "lastFetched"));
                entry.problem = string(o, "problem");
                entry.bio = string(o, "bio") == null ? "" : string(o, "bio");
                entry.hasAvatar = o.has("hasAvatar") && o.get("hasAvatar").getAsBoolean();
                List<FriendItem> items = new ArrayList<>();
                for (JsonElement i : array(o, "items")) {
                    JsonObject it = i.getAsJsonObject();
                    items.add(new FriendItem(entry.record.b32(), entry.record.nickname(), it.get("id").getAsString(),
                            it.get("kind").getAsString(), string(it, "type"), it.get("size").getAsLong(),
                            string(it, "description"), Instant.parse(it.get("created").getAsString()),
                            it.get("thumbnail").getAsBoolean(), string(it, "sha256")));
                }
                entry.items = List.copyOf(items.subList(0, Math.min(items.size(), FriendItem.MAX_PER_FRIEND)));
                friends.add(entry);
            } catch (ProfileRecords.InvalidRecordException | RuntimeException e) {
                LOG.warn("Dropping an unreadable entry of the follow list {}: {}", file, e.toString());
            }
        }
        for (JsonElement element : array(root, "pending")) {
            if (element.isJsonPrimitive()) {
                pending.add(element.getAsString());
            }
        }
        return new State(friends, pending);
    }

    void save(List<Entry> friends, List<String> pending) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry e : friends) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("record", ProfileRecords.toJson(e.record));
            o.put("name", e.name);
            o.put("nameAdded", e.nameAdded);
            o.put("followedAt", e.followedAt.toString());
            o.put("lastFetched", e.lastFetched == null ? null : e.lastFetched.toString());
            o.put("problem", e.problem);
            o.put("bio", e.bio);
            o.put("hasAvatar", e.hasAvatar);
            List<Map<String, Object>> items = new ArrayList<>();
            for (FriendItem i : e.items) {
                Map<String, Object> it = new LinkedHashMap<>();
                it.put("id", i.id());
                it.put("kind", i.kind());
                it.put("type", i.contentType());
                it.put("size", i.size());
                it.put("description", i.description());
                it.put("created", i.created().toString());
                it.put("thumbnail", i.thumbnail());
                it.put("sha256", i.sha256());
                items.add(it);
            }
            o.put("items", items);
            list.add(o);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("friends", list);
        root.put("pending", pending);
        AtomicFiles.write(file, gson.toJson(root).getBytes(StandardCharsets.UTF_8), file.resolveSibling("tmp"));
    }

    private static JsonArray array(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonArray() ? e.getAsJsonArray() : new JsonArray();
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
