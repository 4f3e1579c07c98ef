package org.p2pstack.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The ChaCha20 stream cipher of RFC 8439 (32-bit block counter, 96-bit nonce) and HChaCha20, bound to one
 * key. Written for throughput on JDK 17: the block works in local variables and key stream is XORed eight
 * bytes at a time. Not thread-safe (one scratch block per instance).
 */
public final class ChaCha20 {

    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 12;

    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    // "expand 32-byte k"
    private static final int C0 = 0x61707865;
    private static final int C1 = 0x3320646e;
    private static final int C2 = 0x79622d32;
    private static final int C3 = 0x6b206574;

    private final int k0, k1, k2, k3, k4, k5, k6, k7;
    private final byte[] block = new byte[64];
    private final byte[] zeros = new byte[64];

    /** Bound to the 32-byte key at {@code key[off]}. */
    public ChaCha20(byte[] key, int off) {
        if (key.length - off < KEY_LENGTH || off < 0) {
            throw new IllegalArgumentException("a ChaCha20 key is 32 bytes");
        }
        k0 = le(key, off);
        k1 = le(key, off + 4);
        k2 = le(key, off + 8);
        k3 = le(key, off + 12);
        k4 = le(key, off + 16);
        k5 = le(key, off + 20);
        k6 = le(key, off + 24);
        k7 = le(key, off + 28);
    }

    /**
     * XORs {@code len} bytes of key stream, from block {@code counter} on, for the 12-byte nonce at
     * {@code nonce[nonceOff]}, with {@code in[inOff...]} into {@code out[outOff...]}. In and out may be the
     * same array at the same offset, but must not otherwise overlap.
     */
    public void xor(byte[] nonce, int nonceOff, int counter, byte[] in, int inOff, byte[] out, int outOff, int len) {
        xor(counter, le(nonce, nonceOff), le(nonce, nonceOff + 4), le(nonce, nonceOff + 8), in, inOff, out, outOff, len);
    }

    void xor(int counter, int n0, int n1, int n2, byte[] in, int inOff, byte[] out, int outOff, int len) {
        int done = 0;
        while (len - done >= 64) {
            xorBlock(counter++, n0, n1, n2, in, inOff + done, out, outOff + done);
            done += 64;
        }
        if (done < len) {
            keyStreamBlock(counter, n0, n1, n2, block);
            for (int i = 0; done + i < len; i++) {
                out[outOff + done + i] = (byte) (in[inOff + done + i] ^ block[i]);
            }
        }
    }

    /** The 64 key-stream bytes of block {@code counter} into {@code out[0, 64)}. */
    void keyStreamBlock(int counter, int n0, int n1, int n2, byte[] out) {
        xorBlock(counter, n0, n1, n2, zeros, 0, out, 0);
    }

    /** One 64-byte ChaCha20 block (RFC 8439 §2.3), XORed with {@code in} into {@code out}. */
    void xorBlock(int counter, int n0, int n1, int n2, byte[] in, int inOff, byte[] out, int outOff) {
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
     * HChaCha20 (the subkey derivation of XChaCha20): 32 bytes from the key at {@code key[keyOff]} and the
     * 16 bytes at {@code in[inOff]} into {@code out[outOff]}.
     */
    public static void hChaCha20(byte[] key, int keyOff, byte[] in, int inOff, byte[] out, int outOff) {
        int[] x = {C0, C1, C2, C3, le(key, keyOff), le(key, keyOff + 4), le(key, keyOff + 8), le(key, keyOff + 12),
            le(key, keyOff + 16), le(key, keyOff + 20), le(key, keyOff + 24), le(key, keyOff + 28),
            le(in, inOff), le(in, inOff + 4), le(in, inOff + 8), le(in, inOff + 12)};
        for (int i = 0; i < 10; i++) {
            quarter(x, 0, 4, 8, 12);
            quarter(x, 1, 5, 9, 13);
            quarter(x, 2, 6, 10, 14);
            quarter(x, 3, 7, 11, 15);
            quarter(x, 0, 5, 10, 15);
            quarter(x, 1, 6, 11, 12);
            quarter(x, 2, 7, 8, 13);
            quarter(x, 3, 4, 9, 14);
        }
        for (int i = 0; i < 4; i++) {
            LE_INT.set(out, outOff + 4 * i, x[i]);
            LE_INT.set(out, outOff + 16 + 4 * i, x[12 + i]);
        }
    }

    private static void quarter(int[] x, int a, int b, int c, int d) {
        x[a] += x[b];
        x[d] = Integer.rotateLeft(x[d] ^ x[a], 16);
        x[c] += x[d];
        x[b] = Integer.rotateLeft(x[b] ^ x[c], 12);
        x[a] += x[b];
        x[d] = Integer.rotateLeft(x[d] ^ x[a], 8);
        x[c] += x[d];
        x[b] = Integer.rotateLeft(x[b] ^ x[c], 7);
    }

    static int le(byte[] b, int off) {
        return (int) LE_INT.get(b, off);
    }
}
