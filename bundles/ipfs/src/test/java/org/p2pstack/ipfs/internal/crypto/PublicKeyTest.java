package org.p2pstack.ipfs.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.p2pstack.ipfs.internal.multiformats.PeerId;

class PublicKeyTest {

    @Test
    void ed25519SignVerifyAndPeerId() {
        Ed25519KeyPair kp = Ed25519KeyPair.generate(new SecureRandom());
        byte[] msg = "hello".getBytes();
        byte[] sig = kp.sign(msg);
        assertTrue(kp.publicKey().verify(msg, sig));
        sig[0] ^= 1;
        assertFalse(kp.publicKey().verify(msg, sig));
        PeerId id = kp.peerId();
        assertTrue(id.toString().startsWith("12D3KooW"), id.toString());
        assertEquals(kp.publicKey(), PublicKey.decode(id.inlinePublicKey()));
        Ed25519KeyPair again = Ed25519KeyPair.decodePrivate(kp.encodePrivate());
        assertEquals(id, again.peerId());
    }

    @Test
    void fuzzDecodeOnlyRejectsCleanly() {
        Random rnd = new Random(9);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[rnd.nextInt(80)];
            rnd.nextBytes(junk);
            if (junk.length > 4 && rnd.nextBoolean()) {
                junk[0] = 0x08;
                junk[1] = (byte) rnd.nextInt(4);
                junk[2] = 0x12;
                junk[3] = (byte) (junk.length - 4);
            }
            try {
                PublicKey k = PublicKey.decode(junk);
                assertFalse(k.verify(new byte[1], new byte[64]));
            } catch (IllegalArgumentException expected) {
                // rejected
            }
        }
    }
}
