package org.p2pstack.social.internal.chat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.p2pstack.social.internal.directory.DirectoryGossip;
import org.p2pstack.social.internal.directory.DirectoryMerge;

/**
 * Mutation fuzzing of what peers send for the directory and the chat: gossip messages, chat blocks and core
 * announcements. Whatever the bytes, the parsers drop or refuse them; they never throw anything else.
 */
class PeerInputFuzzTest {

    private static final int ROUNDS = 20_000;
    static final String ROOM = "a".repeat(64);
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private static void fuzz(byte[] valid, Consumer<byte[]> parser, long seed) {
        Random rnd = new Random(seed);
        for (int i = 0; i < ROUNDS; i++) {
            byte[] b;
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    b = valid.clone();
                    for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                    }
                }
                case 1 -> b = java.util.Arrays.copyOf(valid, rnd.nextInt(valid.length + 1));
                case 2 -> {
                    // structure-aware: swap in JSON tokens that change types and nesting
                    String[] tokens = { "[", "]", "{", "}", "\"", ",", ":", "null", "-1", "1e999", "true", "\"x\"" };
                    StringBuilder s = new StringBuilder(new String(valid, StandardCharsets.UTF_8));
                    int at = rnd.nextInt(s.length());
                    s.insert(at, tokens[rnd.nextInt(tokens.length)]);
                    b = s.toString().getBytes(StandardCharsets.UTF_8);
                }
                default -> {
                    b = new byte[rnd.nextInt(120)];
                    rnd.nextBytes(b);
                }
            }
            parser.accept(b);
        }
    }

    @Test
    void gossipMessagesNeverThrow() {
        DirectoryGossip gossip = new DirectoryGossip(new DirectoryMerge());
        List<String> valid = List.of(
                "{\"p\":\"p2pstack-directory/1\",\"t\":\"digest\",\"e\":[[\"abc.b32.i2p\",3],[\"def.b32.i2p\",0]]}",
                "{\"p\":\"p2pstack-directory/1\",\"t\":\"want\",\"b\":[\"abc.b32.i2p\"]}",
                "{\"p\":\"p2pstack-directory/1\",\"t\":\"records\",\"r\":[{\"nickname\":\"Al\",\"destination\":\"AAAA\",\"b32\":\"x\","
                        + "\"seq\":1,\"time\":2,\"signature\":\"abc\"}]}");
        long seed = 1;
        for (String v : valid) {
            // a fresh peer name per round keeps the rate limit from hiding the parser
            int[] n = { 0 };
            fuzz(v.getBytes(StandardCharsets.UTF_8), b -> gossip.received("peer" + n[0]++, b, NOW), seed++);
        }
        assertTrue(gossip.directory().size() == 0, "nothing forged got in");
    }

    @Test
    void chatBlocksAndAnnouncementsNeverThrow() {
        byte[] block = ChatBlocks.encode(ROOM, "b".repeat(64), NOW.toEpochMilli(), "hello");
        fuzz(block, b -> {
            try {
                ChatBlocks.decode(b, ROOM, "c".repeat(64), 0, NOW);
            } catch (ChatBlocks.InvalidMessageException refused) {
                // refused cleanly
            }
        }, 7);
        byte[] announcement = ("{\"p\":\"p2pstack-chat/1\",\"t\":\"cores\",\"r\":[[\"" + ROOM + "\",\"" + "c".repeat(64) + "\"]]}")
                .getBytes(StandardCharsets.UTF_8);
        fuzz(announcement, ChatAnnouncements::parse, 8);
    }
}
