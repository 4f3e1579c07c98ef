package org.p2pstack.ipfs.internal.multiformats;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Unsigned varint as the multiformats spec defines it (multiformats/unsigned-varint): LEB128, at most
 * {@link #MAX_BYTES} bytes (63 bits), and minimally encoded: a trailing zero byte is rejected.
 */
public final class Varint {

    /** The spec's limit: 9 bytes, i.e. values below 2^63. */
    public static final int MAX_BYTES = 9;

    private Varint() {
    }

    /** Number of bytes {@code value} takes. */
    public static int size(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint is unsigned: " + value);
        }
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    public static byte[] encode(long value) {
        byte[] out = new byte[size(value)];
        write(value, out, 0);
        return out;
    }

    /** Writes {@code value} at {@code offset}; returns the offset after it. */
    public static int write(long value, byte[] out, int offset) {
        if (value < 0) {
            throw new IllegalArgumentException("varint is unsigned: " + value);
        }
        while ((value & ~0x7FL) != 0) {
            out[offset++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[offset++] = (byte) value;
        return offset;
    }

    public static void write(long value, ByteArrayOutputStream out) {
        byte[] b = encode(value);
        out.write(b, 0, b.length);
    }

    /** Reads a varint from {@code in}, advancing its position. */
    public static long read(ByteBuffer in) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (!in.hasRemaining()) {
                throw new IllegalArgumentException("truncated varint");
            }
            int b = in.get() & 0xFF;
            if (b == 0 && i > 0) {
                throw new IllegalArgumentException("varint not minimally encoded");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than " + MAX_BYTES + " bytes");
    }

    /** Reads a varint from a stream; returns -1 on a clean end of stream before the first byte. */
    public static long read(InputStream in) throws IOException {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    return -1;
                }
                throw new EOFException("truncated varint");
            }
            if (b == 0 && i > 0) {
                throw new IOException("varint not minimally encoded");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("varint longer than " + MAX_BYTES + " bytes");
    }
}
