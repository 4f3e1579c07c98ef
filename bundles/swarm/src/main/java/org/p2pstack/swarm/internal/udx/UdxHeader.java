package org.p2pstack.swarm.internal.udx;

/**
 * The 20-byte UDX packet header, as libudx writes it: magic 255, version 1, type flags, data offset
 * (padding of MTU probes), then little-endian remote stream id, receive window (bytes), seq and ack
 * (both in packets). SACK packets append (start, end) little-endian uint32 pairs.
 */
final class UdxHeader {

    static final int SIZE = 20;
    static final int MAGIC = 255;
    static final int VERSION = 1;

    static final int DATA = 0b000001;
    static final int END = 0b000010;
    static final int SACK = 0b000100;
    static final int MESSAGE = 0b001000;
    static final int DESTROY = 0b010000;
    static final int HEARTBEAT = 0b100000;
    static final int DATA_OR_END = DATA | END;

    /** libudx's UDX_MAX_SACKS: SACK blocks per ack. */
    static final int MAX_SACKS = 50;

    private UdxHeader() {
    }

    static void write(byte[] b, int off, int type, int remoteId, int rwnd, int seq, int ack) {
        b[off] = (byte) MAGIC;
        b[off + 1] = (byte) VERSION;
        b[off + 2] = (byte) type;
        b[off + 3] = 0;
        putLe32(b, off + 4, remoteId);
        putLe32(b, off + 8, rwnd);
        putLe32(b, off + 12, seq);
        putLe32(b, off + 16, ack);
    }

    static boolean isUdx(byte[] b, int len) {
        return len >= SIZE && (b[0] & 0xff) == MAGIC && (b[1] & 0xff) == VERSION;
    }

    static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    static void putLe32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    /** Wrapping comparison of 32-bit sequence numbers: negative when a is before b. */
    static int seqDiff(int a, int b) {
        return a - b;
    }
}
