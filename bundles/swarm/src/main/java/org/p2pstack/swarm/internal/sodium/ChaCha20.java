package org.p2pstack.swarm.internal.sodium;

/** The ChaCha20 block function (RFC 8439) and HChaCha20, as libsodium uses them. */
final class ChaCha20 {

    private static final int[] SIGMA = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

    private ChaCha20() {
    }

    static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    static void put32(int v, byte[] b, int off) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static void rounds(int[] x) {
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

    private static int[] initial(byte[] key, int keyOff) {
        int[] s = new int[16];
        System.arraycopy(SIGMA, 0, s, 0, 4);
        for (int i = 0; i < 8; i++) {
            s[4 + i] = le32(key, keyOff + 4 * i);
        }
        return s;
    }

    /** HChaCha20: 32-byte subkey from a key and 16 input bytes. */
    static byte[] hchacha20(byte[] key, int keyOff, byte[] in, int inOff) {
        int[] x = initial(key, keyOff);
        for (int i = 0; i < 4; i++) {
            x[12 + i] = le32(in, inOff + 4 * i);
        }
        rounds(x);
        byte[] out = new byte[32];
        for (int i = 0; i < 4; i++) {
            put32(x[i], out, 4 * i);
            put32(x[12 + i], out, 16 + 4 * i);
        }
        return out;
    }

    /**
     * ChaCha20 (IETF: 32-bit block counter, 96-bit nonce) XOR of {@code len} bytes from {@code in} into
     * {@code out}, starting at block {@code counter}. In and out may be the same array.
     */
    static void xorIetf(byte[] out, int outOff, byte[] in, int inOff, int len, byte[] nonce, int nonceOff,
            int counter, byte[] key, int keyOff) {
        int[] s = initial(key, keyOff);
        s[12] = counter;
        s[13] = le32(nonce, nonceOff);
        s[14] = le32(nonce, nonceOff + 4);
        s[15] = le32(nonce, nonceOff + 8);
        int[] x = new int[16];
        byte[] block = new byte[64];
        int done = 0;
        while (done < len) {
            System.arraycopy(s, 0, x, 0, 16);
            rounds(x);
            for (int i = 0; i < 16; i++) {
                put32(x[i] + s[i], block, 4 * i);
            }
            int n = Math.min(64, len - done);
            for (int i = 0; i < n; i++) {
                out[outOff + done + i] = (byte) (in[inOff + done + i] ^ block[i]);
            }
            done += n;
            s[12]++;
        }
    }
}
