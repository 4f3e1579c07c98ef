package org.p2pstack.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DappSwarmMessagesTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMessageIsForItsOwnDappOnly() {
        byte[] wire = DappSwarmMessages.encode("guestbook", "entries", utf8("hello"));
        assertTrue(DappSwarmMessages.isDapp(wire));
        assertTrue(DappSwarmMessages.isFor(wire, "guestbook"));
        assertFalse(DappSwarmMessages.isFor(wire, "guest"));
        assertFalse(DappSwarmMessages.isFor(wire, "guestbook2"));
        assertFalse(DappSwarmMessages.isFor(wire, "notes"));
        DappSwarmMessages.Received r = DappSwarmMessages.decode(wire).orElseThrow();
        assertEquals("guestbook", r.dapp());
        assertEquals("entries", r.topic());
        assertArrayEquals(utf8("hello"), r.message());
    }

    @Test
    void otherProtocolsAreNotDappMessages() {
        assertFalse(DappSwarmMessages.isDapp(utf8("{\"p\":\"p2pstack-chat/1\",\"t\":\"cores\",\"r\":[]}")));
        assertFalse(DappSwarmMessages.isDapp(utf8("{\"p\":\"p2pstack-directory-v1\"}")));
        assertFalse(DappSwarmMessages.isDapp(utf8("p2pstack-guestbook-v1\nbafy\nkey")));
        assertFalse(DappSwarmMessages.isDapp(new byte[0]));
        assertFalse(DappSwarmMessages.isDapp(null));
    }

    @Test
    void malformedOrOversizedMessagesAreDropped() {
        String prefix = "{\"p\":\"p2pstack-dapp/1\",\"d\":\"";
        assertTrue(DappSwarmMessages.decode(utf8(prefix + "guestbook\",\"t\":\"x\"")).isEmpty());
        assertTrue(DappSwarmMessages.decode(utf8(prefix + "Guest_Book\",\"t\":\"x\",\"m\":\"\"}")).isEmpty());
        assertTrue(DappSwarmMessages.decode(utf8(prefix + "guestbook\",\"t\":\"../x\",\"m\":\"\"}")).isEmpty());
        assertTrue(DappSwarmMessages.decode(utf8(prefix + "guestbook\",\"t\":\"x\",\"m\":\"not base64!\"}")).isEmpty());
        assertTrue(DappSwarmMessages.decode(utf8(prefix + "guestbook\",\"t\":\"x\",\"m\":7}")).isEmpty());
        byte[] huge = utf8(prefix + "guestbook\",\"t\":\"x\",\"m\":\"" + "A".repeat(DappSwarmMessages.MAX_WIRE_BYTES) + "\"}");
        assertTrue(DappSwarmMessages.decode(huge).isEmpty());
    }

    @Test
    void sixteenKibIsTheLargestMessage() {
        byte[] largest = new byte[DappSwarmMessages.MAX_MESSAGE_BYTES];
        byte[] wire = DappSwarmMessages.encode("guestbook", "entries", largest);
        assertTrue(wire.length <= DappSwarmMessages.MAX_WIRE_BYTES);
        assertEquals(largest.length, DappSwarmMessages.decode(wire).orElseThrow().message().length);
        assertThrows(IllegalArgumentException.class,
                () -> DappSwarmMessages.encode("guestbook", "entries", new byte[DappSwarmMessages.MAX_MESSAGE_BYTES + 1]));
    }
}
