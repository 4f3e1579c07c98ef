package org.p2pstack.ipfs.internal.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** A yamux frame header (hashicorp/yamux spec.md "Framing"): version, type, flags, stream ID, length; 12 bytes big-endian. */
public record YamuxFrame(int type, int flags, int streamId, long length) {

    public static final int HEADER_LENGTH = 12;
    public static final int VERSION = 0;
    public static final int TYPE_DATA = 0;
    public static final int TYPE_WINDOW_UPDATE = 1;
    public static final int TYPE_PING = 2;
    public static final int TYPE_GO_AWAY = 3;
    public static final int FLAG_SYN = 1;
    public static final int FLAG_ACK = 2;
    public static final int FLAG_FIN = 4;
    public static final int FLAG_RST = 8;

    public static byte[] encode(int type, int flags, int streamId, long length) {
        byte[] h = new byte[HEADER_LENGTH];
        h[0] = VERSION;
        h[1] = (byte) type;
        h[2] = (byte) (flags >>> 8);
        h[3] = (byte) flags;
        for (int i = 0; i < 4; i++) {
            h[4 + i] = (byte) (streamId >>> (24 - 8 * i));
            h[8 + i] = (byte) (length >>> (24 - 8 * i));
        }
        return h;
    }

    /** Parses a header; throws {@link ProtocolException} on a bad version, type or flags. */
    public static YamuxFrame decode(byte[] h) throws ProtocolException {
        if (h[0] != VERSION) {
            throw new ProtocolException("yamux version " + h[0]);
        }
        int type = h[1] & 0xFF;
        if (type > TYPE_GO_AWAY) {
            throw new ProtocolException("yamux frame type " + type);
        }
        int flags = ((h[2] & 0xFF) << 8) | (h[3] & 0xFF);
        if ((flags & ~0xF) != 0) {
            throw new ProtocolException("yamux flags " + flags);
        }
        int id = 0;
        long len = 0;
        for (int i = 0; i < 4; i++) {
            id = (id << 8) | (h[4 + i] & 0xFF);
            len = (len << 8) | (h[8 + i] & 0xFF);
        }
        return new YamuxFrame(type, flags, id, len);
    }

    /** Reads a header; null on a clean end of stream. */
    public static YamuxFrame read(InputStream in) throws IOException {
        byte[] h = new byte[HEADER_LENGTH];
        int n = in.readNBytes(h, 0, HEADER_LENGTH);
        if (n == 0) {
            return null;
        }
        if (n != HEADER_LENGTH) {
            throw new EOFException("truncated yamux header");
        }
        return decode(h);
    }
}
