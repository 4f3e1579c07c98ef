package org.p2pstack.api.i2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class I2pAddressTest {

    /** A real b32: 52 characters, the last one 'a' or 'q' (its padding bits are zero). */
    static final String B32 = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrsq.b32.i2p";

    @ParameterizedTest
    @ValueSource(strings = {
        B32,
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSQ.B32.I2P",
        "  " + B32 + "\n",
        "http://" + B32,
        "http://" + B32 + "/",
        "HTTP://" + B32 + "/",
        "https://" + B32,
        B32 + "/",
    })
    void b32InEveryWayAPersonPastesIt(String text) {
        I2pAddress a = I2pAddress.parse(text);
        assertEquals(B32, a.host());
        assertTrue(a.isB32());
        assertFalse(a.isName());
        assertEquals("http://" + B32, a.url());
        assertEquals(B32, a.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "alice.i2p", "Alice.I2P", " alice.i2p ", "http://alice.i2p/", "my-site.sub.i2p",
        "a.i2p", "0.i2p", "x2.i2p" })
    void names(String text) {
        I2pAddress a = I2pAddress.parse(text);
        assertTrue(a.isName());
        assertFalse(a.isB32());
        assertEquals(a.host(), text.strip().toLowerCase().replace("http://", "").replaceAll("/$", ""));
    }

    @Test
    void longestName() {
        String name = "a".repeat(63) + ".i2p";
        assertEquals(name, I2pAddress.parse(name).host());
        assertEquals("abcdefghij".repeat(6) + "abc.i2p", I2pAddress.parse("abcdefghij".repeat(6) + "abc.i2p").host());
    }

    @Test
    void sameAddressIsEqualWhateverTheSpelling() {
        assertEquals(I2pAddress.parse(B32), I2pAddress.parse("http://" + B32.toUpperCase() + "/"));
        assertEquals(I2pAddress.parse(B32).hashCode(), I2pAddress.parse(" " + B32).hashCode());
        assertNotEquals(I2pAddress.parse("alice.i2p"), I2pAddress.parse("bob.i2p"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { " ", "\t\n" })
    void nothingGiven(String text) {
        assertTrue(refusal(text).startsWith("No I2P address was given"));
        assertTrue(I2pAddress.tryParse(text).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // lengths
        "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrs.b32.i2p",
        "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrsqa.b32.i2p",
        "abc.b32.i2p",
        ".b32.i2p",
        // characters outside base32, or padding bits that are not zero
        "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrs1.b32.i2p",
        "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst.b32.i2p",
        "abcdefghijklmnopqrstuvwxyz-34567abcdefghijklmnopqrsq.b32.i2p",
        // names
        ".i2p", "i2p", "alice", "alice.com", "alice.i2p.com", "-alice.i2p", "alice-.i2p", "a..b.i2p", "alice.i2p.",
        "al ice.i2p", "al_ice.i2p", "alice!.i2p", "alice.i2p\u0000",
        // ports and paths
        "alice.i2p:80", "http://" + B32 + ":8080/", B32 + ":0", "alice.i2p/profile.json", "http://" + B32 + "/feed.json",
        "alice.i2p//", "alice.i2p?x=1", "alice.i2p#top", "user@alice.i2p", "http://user:pw@alice.i2p/",
        // schemes
        "ftp://alice.i2p", "javascript://alice.i2p", "http:/alice.i2p", "http://", "http:///",
        // unicode: look-alikes, a Kelvin sign that lower-cases to 'k', an accented name, a non-ASCII b32
        "ålice.i2p", "\u212Aate.i2p", "аlice.i2p", "alice.і2р", "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrsq.b32.i2p\u200B",
        "ａｌｉｃｅ.i2p",
    })
    void refused(String text) {
        String message = refusal(text);
        assertFalse(message.isBlank());
        assertTrue(I2pAddress.tryParse(text).isEmpty());
    }

    @Test
    void tooLong() {
        assertThrows(IllegalArgumentException.class, () -> I2pAddress.parse("a".repeat(64) + ".i2p"));
        assertThrows(IllegalArgumentException.class, () -> I2pAddress.parse("abcdefghij".repeat(7) + ".i2p"));
        assertThrows(IllegalArgumentException.class, () -> I2pAddress.parse("abc." + "a".repeat(64) + ".i2p"));
        assertTrue(refusal("a".repeat(10_000)).startsWith("That is too long"));
        assertTrue(refusal(" ".repeat(I2pAddress.MAX_TEXT) + "alice.i2p").startsWith("That is too long"));
    }

    @Test
    void encryptedAddressesAreExplained() {
        String b33 = "a".repeat(56) + ".b32.i2p";
        assertTrue(refusal(b33).contains("encrypted"));
        assertTrue(refusal("http://" + "b".repeat(60) + ".b32.i2p/").contains("encrypted"));
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertTrue(refusal("alice.i2p:80").contains("port"));
        assertTrue(refusal("alice.i2p/x").contains("after it"));
        assertTrue(refusal("al ice.i2p").contains("space"));
        assertTrue(refusal("abc.b32.i2p").contains("exactly 52"));
        assertTrue(refusal("ftp://alice.i2p").contains("http://"));
        assertTrue(refusal("alice.com").contains(".i2p"));
    }

    private static String refusal(String text) {
        return assertThrows(IllegalArgumentException.class, () -> I2pAddress.parse(text)).getMessage();
    }
}
