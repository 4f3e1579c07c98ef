package org.p2pstack.ipfs.internal.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The ChaCha20-Poly1305 AEAD of RFC 8439, written for throughput: the JDK 17 cipher (no intrinsics before
 * JDK 20) re-initialises per message and runs Poly1305 on generic big-number code, which made it the
 * ceiling of every encrypted libp2p stream. Here the ChaCha20 block works in local variables, words are
 * read and written four bytes at a time, and Poly1305 uses 26-bit limbs in {@code long} arithmetic.
 * One instance per key; not thread-safe (a Noise cipher state is used by one direction only).
 */
public final class ChaCha20Poly1305 implements Aead {

    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    // "expand 32-byte k"
    private static final int C0 = 0x61707865;
    private static final int C1 = 0x3320646e;
    private static final int C2 = 0x79622d32;
    private static final int C3 = 0x6b206574;

    private final int k0, k1, k2, k3, k4, k5, k6, k7;
    private final byte[] block = new byte[64];
    private final byte[] padding = new byte[16];
    private final byte[] zeros = new byte[64];
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
        k0 = le(key, 0);
        k1 = le(key, 4);
        k2 = le(key, 8);
        k3 = le(key, 12);
        k4 = le(key, 16);
        k5 = le(key, 20);
        k6 = le(key, 24);
        k7 = le(key, 28);
    }

    private static int le(byte[] b, int off) {
        return (int) LE_INT.get(b, off);
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
        chachaBlock(0, n0, n1, n2, block);
        Poly1305 mac = new Poly1305(block);
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
        int counter = 1;
        int done = 0;
        while (len - done >= 64) {
            xorBlock(counter++, n0, n1, n2, in, inOff + done, out, outOff + done);
            done += 64;
        }
        if (done < len) {
            chachaBlock(counter, n0, n1, n2, block);
            for (int i = 0; done + i < len; i++) {
                out[outOff + done + i] = (byte) (in[inOff + done + i] ^ block[i]);
            }
        }
    }

    private void chachaBlock(int counter, int n0, int n1, int n2, byte[] out) {
        xorBlock(counter, n0, n1, n2, zeros, 0, out, 0);
    }

    /** One 64-byte ChaCha20 block (RFC 8439 §2.3), XORed with {@code in} into {@code out}. */
    private void xorBlock(int counter, int n0, int n1, int n2, byte[] in, int inOff, byte[] out, int outOff) {
        int x0 = C0, x1 = C1, x2 = C2, x3 = C3;
        int x4 = k0, x5 = k1, x6 = k2, x7 = k3, x8 = k4, x9 = k5, x10 = k6, x11 = k7;
        int x12 = counter, x13 = n0, x14 = n1, x15 = n2;
        for (int round = 0; round < 10; round++) {
            // column round
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 16); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 12);
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 8); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 7);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 16); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 12);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 8); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 7);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 16); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 12);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 8); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 7);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 16); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 12);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 8); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 7);
            // diagonal round
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 16); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 12);
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 8); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 7);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 16); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 12);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 8); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 7);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 16); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 12);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 8); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 7);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 16); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 12);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 8); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 7);
        }
        // eight bytes at a time: half the bounds-checked accesses of word-wise XOR
        xor8(in, inOff, out, outOff, x0 + C0, x1 + C1);
        xor8(in, inOff + 8, out, outOff + 8, x2 + C2, x3 + C3);
        xor8(in, inOff + 16, out, outOff + 16, x4 + k0, x5 + k1);
        xor8(in, inOff + 24, out, outOff + 24, x6 + k2, x7 + k3);
        xor8(in, inOff + 32, out, outOff + 32, x8 + k4, x9 + k5);
        xor8(in, inOff + 40, out, outOff + 40, x10 + k6, x11 + k7);
        xor8(in, inOff + 48, out, outOff + 48, x12 + counter, x13 + n0);
        xor8(in, inOff + 56, out, outOff + 56, x14 + n1, x15 + n2);
    }

    private static void xor8(byte[] in, int inOff, byte[] out, int outOff, int low, int high) {
        long stream = (low & 0xffffffffL) | ((long) high << 32);
        LE_LONG.set(out, outOff, (long) LE_LONG.get(in, inOff) ^ stream);
    }

    /**
     * Poly1305 (RFC 8439 §2.5) with the accumulator in five 26-bit limbs, so every product fits a long.
     * Input that is not a multiple of 16 bytes is buffered; {@link #finish} pads the last block with 0x01.
     */
    static final class Poly1305 {
        private final long r0, r1, r2, r3, r4, s1, s2, s3, s4;
        private final int pad0, pad1, pad2, pad3;
        private long h0, h1, h2, h3, h4;
        private final byte[] partial = new byte[16];
        private int partialLength;

        Poly1305(byte[] key32) {
            int t0 = le(key32, 0), t1 = le(key32, 4), t2 = le(key32, 8), t3 = le(key32, 12);
            // clamp r and split it into 26-bit limbs
            r0 = t0 & 0x3ffffff;
            r1 = ((t0 >>> 26) | (t1 << 6)) & 0x3ffff03;
            r2 = ((t1 >>> 20) | (t2 << 12)) & 0x3ffc0ff;
            r3 = ((t2 >>> 14) | (t3 << 18)) & 0x3f03fff;
            r4 = (t3 >>> 8) & 0x00fffff;
            s1 = r1 * 5;
            s2 = r2 * 5;
            s3 = r3 * 5;
            s4 = r4 * 5;
            pad0 = le(key32, 16);
            pad1 = le(key32, 20);
            pad2 = le(key32, 24);
            pad3 = le(key32, 28);
        }

        void update(byte[] data, int off, int len) {
            if (partialLength > 0) {
                int take = Math.min(16 - partialLength, len);
                System.arraycopy(data, off, partial, partialLength, take);
                partialLength += take;
                off += take;
                len -= take;
                if (partialLength < 16) {
                    return;
                }
                blocks(partial, 0, 16, 1 << 24);
                partialLength = 0;
            }
            int whole = len & ~15;
            if (whole > 0) {
                blocks(data, off, whole, 1 << 24);
            }
            if (whole < len) {
                System.arraycopy(data, off + whole, partial, 0, len - whole);
                partialLength = len - whole;
            }
        }

        private void blocks(byte[] m, int off, int len, long hibit) {
            long h0 = this.h0, h1 = this.h1, h2 = this.h2, h3 = this.h3, h4 = this.h4;
            final long r0 = this.r0, r1 = this.r1, r2 = this.r2, r3 = this.r3, r4 = this.r4;
            final long s1 = this.s1, s2 = this.s2, s3 = this.s3, s4 = this.s4;
            for (int end = off + len; off < end; off += 16) {
                long t0 = le(m, off) & 0xffffffffL;
                long t1 = le(m, off + 4) & 0xffffffffL;
                long t2 = le(m, off + 8) & 0xffffffffL;
                long t3 = le(m, off + 12) & 0xffffffffL;
                h0 += t0 & 0x3ffffff;
                h1 += ((t0 >>> 26) | (t1 << 6)) & 0x3ffffff;
                h2 += ((t1 >>> 20) | (t2 << 12)) & 0x3ffffff;
                h3 += ((t2 >>> 14) | (t3 << 18)) & 0x3ffffff;
                h4 += (t3 >>> 8) | hibit;

                long d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
                long d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
                long d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
                long d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
                long d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;

                long c = d0 >>> 26;
                h0 = d0 & 0x3ffffff;
                d1 += c;
                c = d1 >>> 26;
                h1 = d1 & 0x3ffffff;
                d2 += c;
                c = d2 >>> 26;
                h2 = d2 & 0x3ffffff;
                d3 += c;
                c = d3 >>> 26;
                h3 = d3 & 0x3ffffff;
                d4 += c;
                c = d4 >>> 26;
                h4 = d4 & 0x3ffffff;
                h0 += c * 5;
                c = h0 >>> 26;
                h0 &= 0x3ffffff;
                h1 += c;
            }
            this.h0 = h0;
            this.h1 = h1;
            this.h2 = h2;
            this.h3 = h3;
            this.h4 = h4;
        }

        /** Writes the 16-byte tag at {@code out[off]}. */
        void finish(byte[] out, int off) {
            if (partialLength > 0) {
                partial[partialLength] = 1;
                for (int i = partialLength + 1; i < 16; i++) {
                    partial[i] = 0;
                }
                blocks(partial, 0, 16, 0);
                partialLength = 0;
            }
            long h0 = this.h0, h1 = this.h1, h2 = this.h2, h3 = this.h3, h4 = this.h4;
            // full carry
            long c = h1 >>> 26;
            h1 &= 0x3ffffff;
            h2 += c;
            c = h2 >>> 26;
            h2 &= 0x3ffffff;
            h3 += c;
            c = h3 >>> 26;
            h3 &= 0x3ffffff;
            h4 += c;
            c = h4 >>> 26;
            h4 &= 0x3ffffff;
            h0 += c * 5;
            c = h0 >>> 26;
            h0 &= 0x3ffffff;
            h1 += c;

            // g = h + 5 - 2^130; use g when it does not go negative, i.e. h >= p
            long g0 = h0 + 5;
            c = g0 >>> 26;
            g0 &= 0x3ffffff;
            long g1 = h1 + c;
            c = g1 >>> 26;
            g1 &= 0x3ffffff;
            long g2 = h2 + c;
            c = g2 >>> 26;
            g2 &= 0x3ffffff;
            long g3 = h3 + c;
            c = g3 >>> 26;
            g3 &= 0x3ffffff;
            long g4 = h4 + c - (1L << 26);
            long useG = (g4 >>> 63) - 1; // all ones when g4 >= 0
            long useH = ~useG;
            h0 = (h0 & useH) | (g0 & useG);
            h1 = (h1 & useH) | (g1 & useG);
            h2 = (h2 & useH) | (g2 & useG);
            h3 = (h3 & useH) | (g3 & useG);
            h4 = (h4 & useH) | (g4 & useG);

            // h mod 2^128, plus the pad
            long w0 = (h0 | (h1 << 26)) & 0xffffffffL;
            long w1 = ((h1 >>> 6) | (h2 << 20)) & 0xffffffffL;
            long w2 = ((h2 >>> 12) | (h3 << 14)) & 0xffffffffL;
            long w3 = ((h3 >>> 18) | (h4 << 8)) & 0xffffffffL;
            long f = w0 + (pad0 & 0xffffffffL);
            LE_INT.set(out, off, (int) f);
            f = w1 + (pad1 & 0xffffffffL) + (f >>> 32);
            LE_INT.set(out, off + 4, (int) f);
            f = w2 + (pad2 & 0xffffffffL) + (f >>> 32);
            LE_INT.set(out, off + 8, (int) f);
            f = w3 + (pad3 & 0xffffffffL) + (f >>> 32);
            LE_INT.set(out, off + 12, (int) f);
        }
    }
}
