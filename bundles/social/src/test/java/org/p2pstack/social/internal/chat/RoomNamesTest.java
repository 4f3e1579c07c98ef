package org.p2pstack.social.internal.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoomNamesTest {

    private static final String ROOM = "ab".repeat(32);

    @TempDir
    Path dir;

    @Test
    void aNameIsKeptAcrossARestart() {
        new RoomNames(dir.resolve("room-names.json")).name(ROOM, "  Book club 📚 ");
        assertEquals("Book club 📚", new RoomNames(dir.resolve("room-names.json")).name(ROOM).orElseThrow());
    }

    @Test
    void badNamesAreRefusedInPlainWordsAndChangeNothing() {
        RoomNames names = new RoomNames(dir.resolve("room-names.json"));
        assertEquals("Give the room a name.", assertThrows(IllegalArgumentException.class, () -> names.name(ROOM, "  ")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> names.name(ROOM, "x".repeat(49))).getMessage().contains("at most 48"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> names.name(ROOM, "a\u202Eb")).getMessage().contains("control"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> names.name(ROOM, "a\nb")).getMessage().contains("control"));
        assertTrue(names.name(ROOM).isEmpty());
        assertNull(RoomNames.check("👩‍👩‍👧 family"), "emoji joined by zero-width joiners are fine");
    }

    @Test
    void theOldestNamesGoWhenThereAreTooMany() {
        RoomNames names = new RoomNames(dir.resolve("room-names.json"));
        for (int i = 0; i <= RoomNames.MAX_NAMES; i++) {
            names.name(String.format("%064x", i), "Room " + i);
        }
        assertTrue(names.name(String.format("%064x", 0)).isEmpty());
        assertEquals("Room 1", names.name(String.format("%064x", 1)).orElseThrow());
    }

    @Test
    void aDamagedFileIsKeptAsideAndTheNamesStartEmpty() throws Exception {
        Files.writeString(dir.resolve("room-names.json"), "{\"names\": [not json");
        assertTrue(new RoomNames(dir.resolve("room-names.json")).name(ROOM).isEmpty());
        assertTrue(Files.exists(dir.resolve("room-names.json.corrupt")));
    }

    @Test
    void aNameForSomethingThatIsNoRoomKeyIsDroppedOnLoad() throws Exception {
        Files.writeString(dir.resolve("room-names.json"), "{\"names\":{\"../../etc\":\"x\",\"" + ROOM + "\":\"Fine\"}}");
        RoomNames names = new RoomNames(dir.resolve("room-names.json"));
        assertEquals("Fine", names.name(ROOM).orElseThrow());
        assertTrue(names.name("../../etc").isEmpty());
    }
}
