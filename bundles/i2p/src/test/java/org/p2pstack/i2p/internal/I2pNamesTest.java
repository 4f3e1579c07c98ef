package org.p2pstack.i2p.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import net.i2p.client.I2PClientFactory;
import net.i2p.data.Destination;

import org.junit.jupiter.api.Test;

class I2pNamesTest {

    @Test
    void names() {
        assertTrue(I2pNames.isValidName("alice.i2p"));
        assertTrue(I2pNames.isValidName("Alice.I2P"));
        assertTrue(I2pNames.isValidName("my-site.sub.i2p"));
        assertFalse(I2pNames.isValidName(".i2p"));
        assertFalse(I2pNames.isValidName("alice"));
        assertFalse(I2pNames.isValidName("alice.com"));
        assertFalse(I2pNames.isValidName("-alice.i2p"));
        assertFalse(I2pNames.isValidName("alice-.i2p"));
        assertFalse(I2pNames.isValidName("a..b.i2p"));
        assertFalse(I2pNames.isValidName("al ice.i2p"));
        assertFalse(I2pNames.isValidName("al_ice.i2p"));
        assertFalse(I2pNames.isValidName("ålice.i2p"));
        assertFalse(I2pNames.isValidName("a".repeat(64) + ".i2p"));
        assertFalse(I2pNames.isValidName(("abcdefghij".repeat(7)) + ".i2p"), "longer than 67");
        assertFalse(I2pNames.isValidName("abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrsq.b32.i2p"));
        assertFalse(I2pNames.isValidName(null));
    }

    @Test
    void b32() {
        String b = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrsq.b32.i2p";
        assertTrue(I2pNames.isB32(b));
        assertTrue(I2pNames.isB32(b.toUpperCase()));
        assertFalse(I2pNames.isB32(b.replace('a', '1')));
        assertFalse(I2pNames.isB32("abc.b32.i2p"));
        assertFalse(I2pNames.isB32(b.replace("rsq.b32", "rst.b32")), "padding bits must be zero");
        assertEquals(32, I2pNames.hashOfB32(b).getData().length);
        assertThrows(IllegalArgumentException.class, () -> I2pNames.hashOfB32("x.i2p"));
    }

    @Test
    void destinations() throws Exception {
        ByteArrayOutputStream keys = new ByteArrayOutputStream();
        Destination d = I2PClientFactory.createClient().createDestination(keys, DestinationStore.SIG_TYPE);
        String b64 = d.toBase64();
        assertEquals(d, I2pNames.parseDestination(b64).orElseThrow());
        assertEquals(d, I2pNames.parseDestination("  " + b64 + "\n").orElseThrow());
        assertTrue(I2pNames.parseDestination(b64 + "AAAA").isEmpty(), "trailing data");
        assertTrue(I2pNames.parseDestination(b64.substring(0, 500)).isEmpty(), "truncated");
        assertTrue(I2pNames.parseDestination(b64.replace('A', '+')).isEmpty(), "standard Base64 alphabet");
        assertTrue(I2pNames.parseDestination("x".repeat(5000)).isEmpty());
        assertTrue(I2pNames.parseDestination("").isEmpty());
        assertTrue(I2pNames.parseDestination(null).isEmpty());
        assertEquals(d.toBase32(), I2pNames.toApi(d).b32());
        assertEquals(d.calculateHash(), I2pNames.hashOfB32(d.toBase32()));
    }
}
