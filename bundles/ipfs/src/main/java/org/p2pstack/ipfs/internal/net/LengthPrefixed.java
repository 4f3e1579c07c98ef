package org.p2pstack.ipfs.internal.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.p2pstack.ipfs.internal.multiformats.Varint;

/** Unsigned-varint length-prefixed messages, as identify, Bitswap and Kademlia frame their protobufs. */
public final class LengthPrefixed {

    private LengthPrefixed() {
    }

    /** Reads one message of at most {@code max} bytes; returns null on a clean end of stream. */
    public static byte[] read(InputStream in, int max) throws IOException {
        long len = Varint.read(in);
        if (len < 0) {
            return null;
        }
        if (len > max) {
            throw new ProtocolException("message of " + len + " bytes exceeds the limit of " + max);
        }
        return readExactly(in, (int) len);
    }

    /**
     * Reads exactly {@code len} bytes into one array. Memory grows with the bytes that arrive (from 1 MiB,
     * doubling), so a peer that announces a large message and sends nothing costs little; unlike
     * {@link InputStream#readNBytes(int)} on JDK 17, it does not gather 8 KiB pieces and copy them again.
     */
    public static byte[] readExactly(InputStream in, int len) throws IOException {
        byte[] b = new byte[Math.min(len, 1 << 20)];
        int n = 0;
        while (n < len) {
            if (n == b.length) {
                b = java.util.Arrays.copyOf(b, (int) Math.min(len, 2L * b.length));
            }
            int r = in.read(b, n, b.length - n);
            if (r < 0) {
                throw new EOFException("truncated message");
            }
            n += r;
        }
        return b;
    }

    public static void write(OutputStream out, byte[] msg) throws IOException {
        // one write: on a yamux stream every write is a frame of its own, and the prefix alone would be one
        byte[] prefix = Varint.encode(msg.length);
        byte[] framed = java.util.Arrays.copyOf(prefix, prefix.length + msg.length);
        System.arraycopy(msg, 0, framed, prefix.length, msg.length);
        out.write(framed);
        out.flush();
    }
}
