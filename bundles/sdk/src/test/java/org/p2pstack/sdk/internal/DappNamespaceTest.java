package org.p2pstack.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DappNamespaceTest {

    @ParameterizedTest
    @ValueSource(strings = { "entries", "a", "0", "guest-book-2", "abcdefghijklmnopqrstuvwxyz012345" })
    void shortLowerCaseNamesAreAccepted(String name) throws Refusal {
        assertEquals(name, DappNamespace.checkName("log", name));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "Entries", "-x", "a/b", "../chat", "a b", "a\nb", "é", "a_b", "a.b",
            "abcdefghijklmnopqrstuvwxyz0123456" })
    void otherNamesAreRefusedInPlainWords(String name) {
        Refusal refusal = assertThrows(Refusal.class, () -> DappNamespace.checkName("log", name));
        assertEquals(400, refusal.status());
        assertTrue(refusal.getMessage().contains("lower-case letters"), refusal.getMessage());
    }

    @Test
    void coresLiveUnderTheDappsOwnPrefix() {
        assertEquals("dapp/guestbook/entries", DappNamespace.coreName("guestbook", "entries"));
        assertTrue(DappNamespace.ownsCore("guestbook", "dapp/guestbook/entries"));
        assertFalse(DappNamespace.ownsCore("guest", "dapp/guestbook/entries"));
        assertFalse(DappNamespace.ownsCore("guestbook", "dapp/guestbook/a/b"));
        assertFalse(DappNamespace.ownsCore("guestbook", "chat-0123"));
        assertFalse(DappNamespace.ownsCore("guestbook", null));
    }

    @Test
    void topicsAreDerivedFromTheDappAndTheTopicName() throws Exception {
        byte[] expected = MessageDigest.getInstance("SHA-256")
                .digest("p2pstack-dapp\nguestbook\nentries".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected, DappNamespace.topic("guestbook", "entries"));
        assertEquals(32, DappNamespace.topic("a", "b").length);
        // two dApps with the same topic name never share a swarm topic; nor do shifted names
        assertNotEquals(DappNamespace.topicHex("guestbook", "entries"), DappNamespace.topicHex("notes", "entries"));
        assertNotEquals(DappNamespace.topicHex("a-b", "c"), DappNamespace.topicHex("a", "b-c"));
        // and none is the chat's or the directory's well-known topic
        byte[] directory = MessageDigest.getInstance("SHA-256").digest("p2pstack-directory-v1".getBytes(StandardCharsets.UTF_8));
        assertFalse(java.util.Arrays.equals(directory, DappNamespace.topic("p2pstack", "directory-v1")));
    }

    @Test
    void keysAreSixtyFourHexDigits() throws Refusal {
        assertEquals("ab".repeat(32), DappNamespace.checkKey("AB".repeat(32)));
        assertThrows(Refusal.class, () -> DappNamespace.checkKey("ab".repeat(31)));
        assertThrows(Refusal.class, () -> DappNamespace.checkKey("zz".repeat(32)));
        assertThrows(Refusal.class, () -> DappNamespace.checkKey(null));
    }
}
