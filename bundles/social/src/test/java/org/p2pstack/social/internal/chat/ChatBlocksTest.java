package org.p2pstack.social.internal.chat;

import org.p2pstack.api.chat.ChatMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChatBlocksTest {

    static final String ROOM = "a".repeat(64);
    static final String CORE = "c".repeat(64);
    static final String AUTHOR = "b".repeat(64);
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void aMessageRoundTrips() throws Exception {
        byte[] block = ChatBlocks.encode(ROOM, AUTHOR, NOW.toEpochMilli(), "héllo 👋\nsecond line");
        ChatMessage m = ChatBlocks.decode(block, ROOM, CORE, 3, NOW);
        assertEquals(new ChatMessage(ROOM, CORE, 3, AUTHOR, NOW.toEpochMilli(), "héllo 👋\nsecond line"), m);
    }

    @Test
    void badBlocksAreRefusedWithAReason() {
        long t = NOW.toEpochMilli();
        List<String> bad = List.of("", "not json", "[1]", "{\"v\":2,\"room\":\"" + ROOM + "\"}",
                "{\"v\":1,\"room\":\"" + "d".repeat(64) + "\",\"author\":\"" + AUTHOR + "\",\"time\":" + t + ",\"text\":\"x\"}",
                "{\"v\":1,\"room\":\"" + ROOM + "\",\"author\":\"ZZ\",\"time\":" + t + ",\"text\":\"x\"}",
                "{\"v\":1,\"room\":\"" + ROOM + "\",\"author\":\"" + AUTHOR + "\",\"time\":\"soon\",\"text\":\"x\"}",
                "{\"v\":1,\"room\":\"" + ROOM + "\",\"author\":\"" + AUTHOR + "\",\"time\":" + (t + 3_600_000) + ",\"text\":\"x\"}",
                "{\"v\":1,\"room\":\"" + ROOM + "\",\"author\":\"" + AUTHOR + "\",\"time\":-5,\"text\":\"x\"}",
                "{\"v\":1,\"room\":\"" + ROOM + "\",\"author\":\"" + AUTHOR + "\",\"time\":" + t + ",\"text\":\"   \"}",
                "{\"v\":1,\"room\":\"" + ROOM + "\",\"author\":\"" + AUTHOR + "\",\"time\":" + t + ",\"text\":\"bell\\u0007\"}",
                "{\"v\":1,\"room\":\"" + ROOM + "\",\"author\":\"" + AUTHOR + "\",\"time\":" + t + ",\"text\":\"" + "x".repeat(1001) + "\"}",
                "[".repeat(3000));
        for (String b : bad) {
            assertThrows(ChatBlocks.InvalidMessageException.class,
                    () -> ChatBlocks.decode(b.getBytes(StandardCharsets.UTF_8), ROOM, CORE, 0, NOW), b);
        }
        assertThrows(ChatBlocks.InvalidMessageException.class,
                () -> ChatBlocks.decode(new byte[ChatBlocks.MAX_BLOCK_BYTES + 1], ROOM, CORE, 0, NOW));
    }

    @Test
    void textToSendIsChecked() throws Exception {
        assertEquals("hi", ChatBlocks.checkText("  hi \n"));
        assertEquals("Write a message first.", assertThrows(ChatBlocks.InvalidMessageException.class, () -> ChatBlocks.checkText(" ")).getMessage());
        assertThrows(ChatBlocks.InvalidMessageException.class, () -> ChatBlocks.checkText("x".repeat(ChatBlocks.MAX_TEXT + 1)));
        // 1000 emoji are 2000 UTF-16 chars but 1000 characters for people
        assertEquals(2000, ChatBlocks.checkText("👋".repeat(1000)).length());
    }

    @Test
    void announcementsAreBounded() {
        String good = "{\"p\":\"p2pstack-chat/1\",\"t\":\"cores\",\"r\":[[\"" + ROOM + "\",\"" + CORE + "\"],[\"bad\",\"" + CORE + "\"],5]}";
        List<ChatAnnouncements.Pair> pairs = ChatAnnouncements.parse(good.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, pairs.size());
        assertEquals(CORE, pairs.get(0).core());
        String tooMany = "{\"p\":\"p2pstack-chat/1\",\"t\":\"cores\",\"r\":[" + ("[\"" + ROOM + "\",\"" + CORE + "\"],").repeat(ChatAnnouncements.MAX_PAIRS) + "[\"" + ROOM + "\",\"" + CORE + "\"]]}";
        assertEquals(0, ChatAnnouncements.parse(tooMany.getBytes(StandardCharsets.UTF_8)).size());
        assertEquals(0, ChatAnnouncements.parse("{\"p\":\"p2pstack-chat/1\"".getBytes(StandardCharsets.UTF_8)).size());
        assertEquals(0, ChatAnnouncements.parse("{\"p\":\"p2pstack-directory/1\",\"t\":\"cores\",\"r\":[]}".getBytes(StandardCharsets.UTF_8)).size());
    }

    @Test
    void anAnnouncementIsWrittenAsPeersReadIt() {
        byte[] written = ChatAnnouncements.encode(List.of(new ChatAnnouncements.Pair(ROOM, CORE)));
        assertEquals("{\"p\":\"p2pstack-chat/1\",\"t\":\"cores\",\"r\":[[\"" + ROOM + "\",\"" + CORE + "\"]]}",
                new String(written, StandardCharsets.UTF_8));
        assertEquals(List.of(new ChatAnnouncements.Pair(ROOM, CORE)), ChatAnnouncements.parse(written));
    }
}
