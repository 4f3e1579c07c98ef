package org.p2pstack.social.internal.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.p2pstack.util.files.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The rooms on disk ({@code data/p2pstack/chat/rooms.json}, written atomically): each room's id, why the node is in
 * it, and its participants' cores with their authors and when each was last active
 * ({@code [{"id", "source", "cores": {core: {"author", "active"}}}]}). The messages themselves are in the cores.
 */
final class RoomsFile {

    private static final Logger LOG = LoggerFactory.getLogger(RoomsFile.class);

    /** A room as saved: what is needed to enter it again with its participants. */
    record SavedRoom(String id, String source, List<RoomSlots.Slot> slots) {

        SavedRoom {
            slots = List.copyOf(slots);
        }

        static SavedRoom of(Room room) {
            return new SavedRoom(room.id, room.source, room.slots.all());
        }
    }

    private final Path file;

    RoomsFile(Path file) {
        this.file = file;
    }

    /**
     * The rooms saved, by id (at most {@link ChatRooms#MAX_ROOMS}; entries that are not rooms are skipped). A file
     * that cannot be read gives the rooms read before the damage, and a warning.
     */
    Map<String, SavedRoom> load() {
        Map<String, SavedRoom> rooms = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return rooms;
        }
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            for (JsonElement e : root.getAsJsonArray()) {
                JsonObject o = e.getAsJsonObject();
                String id = text(o.get("id"));
                String source = text(o.get("source"));
                if (!ChatBlocks.isKey(id) || source == null || rooms.size() >= ChatRooms.MAX_ROOMS) {
                    continue;
                }
                RoomSlots slots = new RoomSlots(); // bounded like the room's own
                JsonObject cores = o.has("cores") && o.get("cores").isJsonObject() ? o.getAsJsonObject("cores") : new JsonObject();
                for (Map.Entry<String, JsonElement> c : cores.entrySet()) {
                    // {"author", "active"}; files from before slots expired hold the author alone: idle since ever
                    JsonElement v = c.getValue();
                    boolean slot = v.isJsonObject();
                    String author = text(slot ? v.getAsJsonObject().get("author") : v);
                    long active = slot && v.getAsJsonObject().has("active") ? v.getAsJsonObject().get("active").getAsLong() : 0;
                    if (ChatBlocks.isKey(c.getKey()) && ChatBlocks.isKey(author)) {
                        slots.restore(new RoomSlots.Slot(c.getKey(), author, active));
                    }
                }
                rooms.put(id, new SavedRoom(id, source, slots.all()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("chat rooms file {} unreadable: {}", file, e.getMessage());
        }
        return rooms;
    }

    void save(List<SavedRoom> rooms) {
        JsonArray all = new JsonArray();
        for (SavedRoom r : rooms) {
            JsonObject o = new JsonObject();
            o.addProperty("id", r.id());
            o.addProperty("source", r.source());
            JsonObject cores = new JsonObject();
            for (RoomSlots.Slot slot : r.slots()) {
                JsonObject c = new JsonObject();
                c.addProperty("author", slot.author());
                c.addProperty("active", slot.lastActive());
                cores.add(slot.core(), c);
            }
            o.add("cores", cores);
            all.add(o);
        }
        try {
            AtomicFiles.write(file, all.toString().getBytes(StandardCharsets.UTF_8), file.getParent());
        } catch (IOException e) {
            LOG.warn("could not save the chat rooms: {}", e.getMessage());
        }
    }

    private static String text(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }
}
