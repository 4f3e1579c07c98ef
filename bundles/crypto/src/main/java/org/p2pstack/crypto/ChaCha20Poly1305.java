package org.p2pstack.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The ChaCha20-Poly1305 AEAD of RFC 8439 on {@link ChaCha20} and {@link Poly1305}, written for throughput:
 * the JDK 17 cipher (no intrinsics before JDK 20) re-initialises per message and runs Poly1305 on generic
 * big-number code, which made it the ceiling of every encrypted stream (340 vs 260 MiB/s per core here).
 * One instance per key; not thread-safe (a Noise cipher state is used by one direction only).
 */
public final class ChaCha20Poly1305 implements Aead {

    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final ChaCha20 chacha;
    private final byte[] block = new byte[64];
    private final byte[] padding = new byte[16];
    private final byte[] tag = new byte[TAG_LENGTH];
    private final byte[] lengths = new byte[16];

    /** Thrown by {@link #open} when the tag does not match: the message was altered or forged. */
    public static final class BadTagException extends Exception {
        private static final long serialVersionUID = 1L;

        BadTagException() {
            super("authentication tag mismatch");
        }
    }

    public ChaCha20Poly1305(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a ChaCha20-Poly1305 key is 32 bytes");
        }
        chacha = new ChaCha20(key, 0);
    }

    private static int le(byte[] b, int off) {
        return ChaCha20.le(b, off);
    }

    /** Encrypts {@code plain[off, off+len)}; returns ciphertext followed by the 16-byte tag. */
    public byte[] seal(byte[] nonce, byte[] aad, byte[] plain, int off, int len) {
        byte[] out = new byte[len + TAG_LENGTH];
        seal(nonce, aad, plain, off, len, out, 0);
        return out;
    }

    /**
     * Encrypts {@code plain[off, off+len)} into {@code out[outOff, outOff+len+16)} (ciphertext, then the tag),
     * so that a stream can reuse one buffer per direction; returns the sealed length.
     */
    @Override
    public int seal(byte[] nonce, byte[] aad, byte[] plain, int off, int len, byte[] out, int outOff) {
        int n0 = le(nonce, 0), n1 = le(nonce, 4), n2 = le(nonce, 8);
        Poly1305 mac = startMac(n0, n1, n2, aad);
        xorKeyStream(n0, n1, n2, plain, off, out, outOff, len);
        finishMac(mac, aad, out, outOff, len);
        mac.finish(out, outOff + len);
        return len + TAG_LENGTH;
    }

    /** Checks the tag and decrypts {@code sealed[off, off+len)} (ciphertext and tag); returns the plaintext. */
    public byte[] open(byte[] nonce, byte[] aad, byte[] sealed, int off, int len) throws BadTagException {
        if (len < TAG_LENGTH) {
            throw new BadTagException();
        }
        byte[] out = new byte[len - TAG_LENGTH];
        open(nonce, aad, sealed, off, len, out, 0);
        return out;
    }

    /**
     * Checks the tag of {@code sealed[off, off+len)} and only then decrypts it into {@code out[outOff...]};
     * returns the plaintext length. {@code out} may be {@code sealed} itself at the same offset.
     */
    @Override
    public int open(byte[] nonce, byte[] aad, byte[] sealed, int off, int len, byte[] out, int outOff) throws BadTagException {
        if (len < TAG_LENGTH) {
            throw new BadTagException();
        }
        int textLength = len - TAG_LENGTH;
        int n0 = le(nonce, 0), n1 = le(nonce, 4), n2 = le(nonce, 8);
        Poly1305 mac = startMac(n0, n1, n2, aad);
        finishMac(mac, aad, sealed, off, textLength);
        byte[] expected = tag;
        mac.finish(expected, 0);
        int diff = 0;
        for (int i = 0; i < TAG_LENGTH; i++) {
            diff |= expected[i] ^ sealed[off + textLength + i]; // constant time, like MessageDigest.isEqual
        }
        if (diff != 0) {
            throw new BadTagException();
        }
        xorKeyStream(n0, n1, n2, sealed, off, out, outOff, textLength);
        return textLength;
    }

    /** The one-time Poly1305 key is the first half of block 0; then the AAD, padded to 16 bytes. */
    private Poly1305 startMac(int n0, int n1, int n2, byte[] aad) {
        chacha.keyStreamBlock(0, n0, n1, n2, block);
        Poly1305 mac = new Poly1305(block, 0);
        if (aad != null && aad.length > 0) {
            mac.update(aad, 0, aad.length);
            pad(mac, aad.length);
        }
        return mac;
    }

    private void finishMac(Poly1305 mac, byte[] aad, byte[] text, int off, int len) {
        mac.update(text, off, len);
        pad(mac, len);
        LE_LONG.set(lengths, 0, (long) (aad == null ? 0 : aad.length));
        LE_LONG.set(lengths, 8, (long) len);
        mac.update(lengths, 0, 16);
    }

    private void pad(Poly1305 mac, int length) {
        int rest = length & 15;
        if (rest != 0) {
            mac.update(padding, 0, 16 - rest);
        }
    }

    /** XORs the key stream from block counter 1 on (RFC 8439 §2.8) into {@code out}. */
    private void xorKeyStream(int n0, int n1, int n2, byte[] in, int inOff, byte[] out, int outOff, int len) {
        chacha.xor(1, n0, n1, n2, in, inOff, out, outOff, len);
    }
}
