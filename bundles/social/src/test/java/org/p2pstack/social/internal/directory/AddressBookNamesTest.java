package org.p2pstack.social.internal.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class AddressBookNamesTest {

    private static final String ALICE = "k3j4h2abcdefghijklmnopqrstuvwxyz234567abcdefghijklmn.b32.i2p";
    private static final String OTHER = "zzzzzzabcdefghijklmnopqrstuvwxyz234567abcdefghijklmn.b32.i2p";
    private final Map<String, String> book = new HashMap<>();

    private String choose(String nickname, String b32) {
        return AddressBookNames.choose(nickname, b32, name -> Optional.ofNullable(book.get(name)));
    }

    @Test
    void aFreeNameIsUsedAsIs() {
        assertEquals("alice.i2p", choose("Alice", ALICE));
        book.put("alice.i2p", ALICE);
        assertEquals("alice.i2p", choose("Alice", ALICE), "following again keeps the same name");
    }

    @Test
    void someoneElsesNameIsNeverOverwritten() {
        book.put("alice.i2p", OTHER);
        assertEquals("alice-k3j4h2.i2p", choose("Alice", ALICE));
        book.put("alice-k3j4h2.i2p", OTHER);
        assertEquals("alice-k3j4h2-2.i2p", choose("Alice", ALICE));
    }

    @Test
    void nicknamesBecomeHostNameLabels() {
        assertEquals("jose-maria", AddressBookNames.label("José  María!"));
        assertEquals("friend", AddressBookNames.label("🙂"));
        assertEquals("friend", AddressBookNames.label(""));
        assertEquals(AddressBookNames.MAX_LABEL, AddressBookNames.label("a".repeat(100)).length());
    }
}
