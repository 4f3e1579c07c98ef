package org.p2pstack.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Poly1305 (RFC 8439 §2.5) with the accumulator in five 26-bit limbs, so every product fits a long.
 * Input that is not a multiple of 16 bytes is buffered; {@link #finish} pads the last block with 0x01.
 */
public final class Poly1305 {

    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final long r0, r1, r2, r3, r4, s1, s2, s3, s4;
    private final int pad0, pad1, pad2, pad3;
    private long h0, h1, h2, h3, h4;
    private final byte[] partial = new byte[16];
    private int partialLength;

    /** A one-time authenticator keyed by the 32 bytes at {@code key[off]} (r, then s). */
    public Poly1305(byte[] key, int off) {
        int t0 = le(key, off), t1 = le(key, off + 4), t2 = le(key, off + 8), t3 = le(key, off + 12);
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
        pad0 = le(key, off + 16);
        pad1 = le(key, off + 20);
        pad2 = le(key, off + 24);
        pad3 = le(key, off + 28);
    }

    public void update(byte[] data, int off, int len) {
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
    public void finish(byte[] out, int off) {
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

    private static int le(byte[] b, int off) {
        return (int) LE_INT.get(b, off);
    }
}
