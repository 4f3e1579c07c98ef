package org.p2pstack.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class ChaCha20Poly1305Test {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8439 §2.8.2. */
    @Test
    void rfc8439AeadVector() throws Exception {
        byte[] key = HEX.parseHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        byte[] nonce = HEX.parseHex("070000004041424344454647");
        byte[] aad = HEX.parseHex("50515253c0c1c2c3c4c5c6c7");
        byte[] plain = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
                + "sunscreen would be it.").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] sealed = new ChaCha20Poly1305(key).seal(nonce, aad, plain, 0, plain.length);
        String hex = HEX.formatHex(sealed);
        org.junit.jupiter.api.Assertions.assertTrue(hex.startsWith("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"), hex);
        org.junit.jupiter.api.Assertions.assertTrue(hex.endsWith("1ae10b594f09e26a7e902ecbd0600691"), "tag: " + hex);
        assertArrayEquals(plain, new ChaCha20Poly1305(key).open(nonce, aad, sealed, 0, sealed.length));
    }

    /** Same bytes as the JDK's implementation for every length around block and tag boundaries, with and without AAD. */
    @Test
    void agreesWithTheJdkCipher() throws Exception {
        Random random = new Random(42);
        Cipher jdk = Cipher.getInstance("ChaCha20-Poly1305");
        int[] lengths = { 0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 1000, 4096, 65519, 65535 };
        for (int length : lengths) {
            for (int aadLength : new int[] { 0, 1, 12, 32, 33 }) {
                byte[] key = new byte[32];
                byte[] nonce = new byte[12];
                byte[] aad = new byte[aadLength];
                byte[] plain = new byte[length + 7];
                random.nextBytes(key);
                random.nextBytes(nonce);
                random.nextBytes(aad);
                random.nextBytes(plain);
                jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
                jdk.updateAAD(aad);
                byte[] expected = jdk.doFinal(plain, 3, length);
                ChaCha20Poly1305 ours = new ChaCha20Poly1305(key);
                byte[] sealed = ours.seal(nonce, aadLength == 0 ? null : aad, plain, 3, length);
                assertArrayEquals(expected, sealed, "length " + length + ", aad " + aadLength);
                byte[] framed = new byte[sealed.length + 5];
                System.arraycopy(sealed, 0, framed, 2, sealed.length);
                assertArrayEquals(java.util.Arrays.copyOfRange(plain, 3, 3 + length),
                        ours.open(nonce, aadLength == 0 ? null : aad, framed, 2, sealed.length));
            }
        }
    }

    @Test
    void anyChangedBitFailsAuthentication() {
        byte[] key = new byte[32];
        byte[] nonce = new byte[12];
        byte[] plain = new byte[100];
        ChaCha20Poly1305 cipher = new ChaCha20Poly1305(key);
        byte[] sealed = cipher.seal(nonce, null, plain, 0, plain.length);
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x10;
            assertThrows(ChaCha20Poly1305.BadTagException.class, () -> cipher.open(nonce, null, altered, 0, altered.length));
        }
        byte[] otherNonce = nonce.clone();
        otherNonce[4] = 1;
        assertThrows(ChaCha20Poly1305.BadTagException.class, () -> cipher.open(otherNonce, null, sealed, 0, sealed.length));
        assertThrows(ChaCha20Poly1305.BadTagException.class, () -> cipher.open(nonce, null, sealed, 0, 15));
    }

    /**
     * Poly1305 alone against BouncyCastle's, on inputs that drive the accumulator to its limits (all-ones blocks,
     * the largest clamped r, lengths that end in a partial block), where only a correct final reduction agrees.
     */
    @Test
    void poly1305AgreesWithBouncyCastleAtTheEdges() {
        Random random = new Random(7);
        byte[][] keys = { filled(32, (byte) 0xff), filled(32, (byte) 0), concat(filled(16, (byte) 0xff), 16, new byte[16]),
                concat(HEX.parseHex("02000000000000000000000000000000"), 16, filled(16, (byte) 0xff)) };
        for (int round = 0; round < 40; round++) {
            byte[] key = round < keys.length ? keys[round] : new byte[32];
            if (round >= keys.length) {
                random.nextBytes(key);
            }
            for (int length : new int[] { 0, 1, 15, 16, 17, 31, 32, 33, 64, 250 }) {
                byte[] message = round % 2 == 0 ? filled(length, (byte) 0xff) : new byte[length];
                if (round % 3 == 2) {
                    random.nextBytes(message);
                }
                org.bouncycastle.crypto.macs.Poly1305 bc = new org.bouncycastle.crypto.macs.Poly1305();
                bc.init(new org.bouncycastle.crypto.params.KeyParameter(key));
                bc.update(message, 0, message.length);
                byte[] expected = new byte[16];
                bc.doFinal(expected, 0);

                Poly1305 ours = new Poly1305(key, 0);
                // fed in uneven pieces, to exercise the partial-block buffer
                int at = 0;
                for (int piece = 1; at < length; piece = piece * 3 % 37 + 1) {
                    int n = Math.min(piece, length - at);
                    ours.update(message, at, n);
                    at += n;
                }
                byte[] tag = new byte[16];
                ours.finish(tag, 0);
                assertArrayEquals(expected, tag, "round " + round + ", length " + length);
            }
        }
    }

    private static byte[] filled(int length, byte value) {
        byte[] out = new byte[length];
        java.util.Arrays.fill(out, value);
        return out;
    }

    private static byte[] concat(byte[] first, int firstLength, byte[] second) {
        byte[] out = new byte[firstLength + second.length];
        System.arraycopy(first, 0, out, 0, firstLength);
        System.arraycopy(second, 0, out, firstLength, second.length);
        return out;
    }

    /** The JDK-backed AEAD (chosen on JDK 21 and later) gives the same bytes as ours, opens in place, refuses forgeries. */
    @Test
    void jdkBackedAeadAgreesWithOurs() throws Exception {
        Random random = new Random(7);
        byte[] key = new byte[32];
        random.nextBytes(key);
        Aead ours = new ChaCha20Poly1305(key);
        Aead jdk = new JdkChaCha20Poly1305(key);
        for (int length : new int[] {0, 1, 15, 16, 17, 63, 64, 65, 1000, 65519}) {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            byte[] aad = length % 2 == 0 ? null : new byte[] {1, 2, 3};
            byte[] plain = new byte[length];
            random.nextBytes(plain);
            byte[] a = new byte[length + 16];
            byte[] b = new byte[length + 16];
            ours.seal(nonce, aad, plain, 0, length, a, 0);
            jdk.seal(nonce, aad, plain, 0, length, b, 0);
            assertArrayEquals(a, b, "length " + length);
            byte[] inPlace = b.clone();
            org.junit.jupiter.api.Assertions.assertEquals(length, jdk.open(nonce, aad, inPlace, 0, inPlace.length, inPlace, 0));
            assertArrayEquals(plain, java.util.Arrays.copyOf(inPlace, length));
            byte[] altered = a.clone();
            altered[altered.length - 1] ^= 1;
            Aead fresh = new JdkChaCha20Poly1305(key); // the JDK will not take the same nonce twice (Noise never does)
            assertThrows(ChaCha20Poly1305.BadTagException.class, () -> fresh.open(nonce, aad, altered, 0, altered.length, new byte[length], 0));
        }
        org.junit.jupiter.api.Assertions.assertEquals(Runtime.version().feature() >= 21,
                Aead.chaCha20Poly1305(key) instanceof JdkChaCha20Poly1305, "the faster implementation for this JVM");
    }
}
