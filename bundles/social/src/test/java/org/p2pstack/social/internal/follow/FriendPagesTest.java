package org.p2pstack.social.internal.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.p2pstack.api.follow.FriendItem;

/** The feed parser reads other people's data: everything malformed is skipped, everything large is bounded. */
class FriendPagesTest {

    static final String B32 = "a".repeat(52) + ".b32.i2p";

    static List<FriendItem> feed(String json) throws Exception {
        return FriendPages.feed(json.getBytes(StandardCharsets.UTF_8), B32, "Alice");
    }

    @Test
    void malformedItemsAreSkipped() throws Exception {
        String good = "{\"id\":\"0123456789abcdef\",\"kind\":\"video\",\"type\":\"video/webm\",\"size\":5,\"description\":\"hi\\u0007\","
                + "\"created\":\"2026-11-25T10:00:00Z\"}";
        List<FriendItem> items = feed("{\"items\":[" + good + ",1,\"x\",null,{\"id\":\"../../etc\",\"kind\":\"video\",\"created\":\"2026-11-25T10:00:00Z\"},"
                + "{\"id\":\"0123456789abcdee\",\"kind\":\"script\",\"created\":\"2026-11-25T10:00:00Z\"},"
                + "{\"id\":\"0123456789abcded\",\"kind\":\"picture\",\"created\":\"yesterday\"}]}");
        assertEquals(1, items.size());
        assertEquals("hi", items.get(0).description(), "control characters removed");
        assertEquals(B32, items.get(0).b32());
    }

    @Test
    void sizesAndCountsAreBounded() throws Exception {
        StringBuilder many = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 100; i++) {
            many.append(i == 0 ? "" : ",").append(String.format("{\"id\":\"%016x\",\"kind\":\"picture\",\"description\":\"%s\","
                    + "\"created\":\"2026-11-25T10:%02d:%02dZ\"}", i, "d".repeat(3000), i / 60, i % 60));
        }
        List<FriendItem> items = feed(many.append("]}").toString());
        assertEquals(FriendItem.MAX_PER_FRIEND, items.size());
        assertEquals(String.format("%016x", 99), items.get(0).id(), "the newest are kept");
        assertEquals(FriendPages.MAX_DESCRIPTION, items.get(0).description().length());
        assertThrows(FriendPages.BadPageException.class, () -> feed("{\"items\":[" + " ".repeat(FriendPages.MAX_FEED_BYTES) + "]}"));
        for (String bad : new String[] { "", "[]", "{}", "{\"items\":{}}", "nope", "[".repeat(100_000) }) {
            assertThrows(FriendPages.BadPageException.class, () -> feed(bad), bad.length() > 20 ? "deep nesting" : bad);
        }
    }
}
