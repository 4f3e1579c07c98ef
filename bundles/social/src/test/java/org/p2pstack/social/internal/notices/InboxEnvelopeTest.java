package org.p2pstack.social.internal.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.social.internal.directory.Forger;

class InboxEnvelopeTest {

    private final ProfileRecord bob = Forger.person("Bob");
    private final ProfileRecord alice = Forger.person("Alice");

    @Test
    void aFollowNoticeFromItsSenderIsTakenWithTheirSignedRecord() throws Exception {
        InboxEnvelope e = InboxEnvelope.parse(InboxEnvelope.encode("follow", bob, null, null), bob.b32(), Instant.now());
        assertEquals("follow", e.type());
        assertEquals("Bob", e.sender().nickname());
        assertEquals(bob.b32(), e.sender().b32());
    }

    @Test
    void someoneElsesRecordIsRefused() {
        // Mallory relays Alice's (valid, signed) record to pose as her: the tunnel names Mallory's node
        byte[] relayed = InboxEnvelope.encode("follow", alice, null, null);
        InboxEnvelope.BadEnvelope e = assertThrows(InboxEnvelope.BadEnvelope.class,
                () -> InboxEnvelope.parse(relayed, bob.b32(), Instant.now()));
        assertTrue(e.getMessage().contains("not the sender's own"), e.getMessage());
    }

    @Test
    void aTamperedRecordIsRefused() {
        String body = new String(InboxEnvelope.encode("follow", bob, null, null), StandardCharsets.UTF_8)
                .replace("\"Bob\"", "\"Bobby\"");
        assertThrows(InboxEnvelope.BadEnvelope.class,
                () -> InboxEnvelope.parse(body.getBytes(StandardCharsets.UTF_8), bob.b32(), Instant.now()));
    }

    @Test
    void messagesAreBounded() throws Exception {
        InboxEnvelope ok = InboxEnvelope.parse(InboxEnvelope.encode("dm", bob, "0123456789abcdef", "  hi  "), bob.b32(), Instant.now());
        assertEquals("hi", ok.text());
        assertThrows(InboxEnvelope.BadEnvelope.class, () -> InboxEnvelope.parse(
                InboxEnvelope.encode("dm", bob, "0123456789abcdef", "x".repeat(InboxEnvelope.MAX_TEXT + 1)), bob.b32(), Instant.now()));
        assertThrows(InboxEnvelope.BadEnvelope.class, () -> InboxEnvelope.parse(
                InboxEnvelope.encode("dm", bob, "../../etc", "hi"), bob.b32(), Instant.now()));
        assertThrows(InboxEnvelope.BadEnvelope.class, () -> InboxEnvelope.parse(
                InboxEnvelope.encode("dm", bob, "0123456789abcdef", "   "), bob.b32(), Instant.now()));
    }

    @Test
    void garbageIsRefusedInPlainWords() {
        for (String bad : new String[] { "", "[]", "{", "{\"p\":\"other/1\"}", "{\"p\":\"p2pstack-notice/1\",\"type\":\"hack\"}",
            "{\"p\":\"p2pstack-notice/1\",\"type\":\"follow\"}", "[".repeat(100_000) }) {
            assertThrows(InboxEnvelope.BadEnvelope.class,
                    () -> InboxEnvelope.parse(bad.getBytes(StandardCharsets.UTF_8), bob.b32(), Instant.now()), bad);
        }
        assertThrows(InboxEnvelope.BadEnvelope.class,
                () -> InboxEnvelope.parse(new byte[InboxEnvelope.MAX_BYTES + 1], bob.b32(), Instant.now()));
    }
}
