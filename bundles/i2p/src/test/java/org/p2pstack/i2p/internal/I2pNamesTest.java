package org.p2pstack.i2p.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import net.i2p.client.I2PClientFactory;
import net.i2p.data.Destination;

import org.junit.jupiter.api.Test;
import org.p2pstack.api.i2p.I2pAddress;

/** Addresses are read by the API's {@link I2pAddress}; these checks pin the rules the address book and proxy rely on. */
class I2pNamesTest {

    private static boolean isValidName(String name) {
        return I2pAddress.tryParse(name).filter(I2pAddress::isName).isPresent();
    }

    private static boolean isB32(String host) {
        return I2pAddress.tryParse(host).filter(I2pAddress::isB32).isPresent();
    }

    @Test
    void names() {
        assertTrue(isValidName("alice.i2p"));
        assertTrue(isValidName("Alice.I2P"));
        assertTrue(isValidName("my-site.sub.i2p"));
        assertFalse(isValidName(".i2p"));
        assertFalse(isValidName("alice"));
        assertFalse(isValidName("alice.com"));
        assertFalse(isValidName("-alice.i2p"));
        assertFalse(isValidName("alice-.i2p"));
        assertFalse(isValidName("a..b.i2p"));
        assertFalse(isValidName("al ice.i2p"));
        assertFalse(isValidName("al_ice.i2p"));
        assertFalse(isValidName("ålice.i2p"));
        assertFalse(isValidName("a".repeat(64) + ".i2p"));
        assertFalse(isValidName(("abcdefghij".repeat(7)) + ".i2p"), "longer than 67");
        assertFalse(isValidName("abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrsq.b32.i2p"));
        assertFalse(isValidName(null));
    }

    @Test
    void b32() {
        String b = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrsq.b32.i2p";
        assertTrue(isB32(b));
        assertTrue(isB32(b.toUpperCase()));
        assertFalse(isB32(b.replace('a', '1')));
        assertFalse(isB32("abc.b32.i2p"));
        assertFalse(isB32(b.replace("rsq.b32", "rst.b32")), "padding bits must be zero");
        assertEquals(32, I2pNames.hashOf(I2pAddress.parse(b)).getData().length);
        assertThrows(IllegalArgumentException.class, () -> I2pNames.hashOf(I2pAddress.parse("x.i2p")));
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
        assertEquals(d.calculateHash(), I2pNames.hashOf(I2pAddress.parse(d.toBase32())));
        // the API's own reading (for bundles without the router) gives the router's address
        assertEquals(d.toBase32(), I2pAddress.ofDestination(d.toByteArray()).host());
    }
}
