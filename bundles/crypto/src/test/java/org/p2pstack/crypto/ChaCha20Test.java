package org.p2pstack.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class ChaCha20Test {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8439 §2.4.2: the "sunscreen" plaintext from block counter 1. */
    @Test
    void rfc8439EncryptionVector() {
        byte[] key = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] nonce = HEX.parseHex("000000000000004a00000000");
        byte[] plain = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
                + "sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[plain.length];
        new ChaCha20(key, 0).xor(nonce, 0, 1, plain, 0, out, 0, plain.length);
        assertEquals("6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0bf91b65c5524733ab8f593dabcd62b357"
                + "1639d624e65152ab8f530c359f0861d807ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
                + "5af90bbf74a35be6b40b8eedf2785e42874d", HEX.formatHex(out));
    }

    /** draft-irtf-cfrg-xchacha §2.2.1. */
    @Test
    void hChaCha20Vector() {
        byte[] key = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] in = HEX.parseHex("000000090000004a0000000031415927");
        byte[] out = new byte[32];
        ChaCha20.hChaCha20(key, 0, in, 0, out, 0);
        assertEquals("82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc", HEX.formatHex(out));
    }

    /** Same key stream as the JDK's ChaCha20 for lengths around block boundaries, offsets and counters, in place too. */
    @Test
    void agreesWithTheJdkCipher() throws Exception {
        Random random = new Random(3);
        for (int length : new int[] { 0, 1, 7, 8, 63, 64, 65, 200, 4096, 65536 + 17 }) {
            for (int counter : new int[] { 0, 1, 2, 7 }) {
                byte[] key = new byte[40];
                byte[] nonce = new byte[15];
                byte[] plain = new byte[length + 3];
                random.nextBytes(key);
                random.nextBytes(nonce);
                random.nextBytes(plain);
                byte[] nonce12 = java.util.Arrays.copyOfRange(nonce, 3, 15);
                Cipher jdk = Cipher.getInstance("ChaCha20");
                jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, 5, 32, "ChaCha20"), new ChaCha20ParameterSpec(nonce12, counter));
                byte[] expected = jdk.doFinal(plain, 3, length);

                byte[] out = new byte[length + 1];
                new ChaCha20(key, 5).xor(nonce, 3, counter, plain, 3, out, 1, length);
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(out, 1, length + 1), "length " + length);

                byte[] inPlace = plain.clone();
                new ChaCha20(key, 5).xor(nonce, 3, counter, inPlace, 3, inPlace, 3, length);
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(inPlace, 3, length + 3), "in place, length " + length);
            }
        }
    }
}
