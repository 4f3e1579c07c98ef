package org.p2pstack.ipfs.internal.protobuf;

import java.nio.charset.StandardCharsets;

/**
 * A bounded reader of protobuf wire format (proto2/proto3). Hand-rolled so that every message our peers
 * send is parsed within limits the caller sets: lengths are checked against what is left, groups
 * (wire types 3/4) are rejected, and varints longer than 10 bytes are an error.
 * Throws {@link IllegalArgumentException} on malformed input.
 */
public final class ProtoReader {

    public static final int VARINT = 0;
    public static final int I64 = 1;
    public static final int LEN = 2;
    public static final int I32 = 5;
    /** protobuf's own limit for a varint. */
    public static final int MAX_VARINT_BYTES = 10;
    /** Highest field number protobuf allows. */
    public static final int MAX_FIELD_NUMBER = (1 << 29) - 1;

    private final byte[] buf;
    private int pos;
    private final int end;
    private int tag;

    public ProtoReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public ProtoReader(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IllegalArgumentException("bad slice");
        }
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    /** Advances to the next field; returns false at the end of the message. */
    public boolean next() {
        if (pos >= end) {
            return false;
        }
        long t = readVarint();
        int field = (int) (t >>> 3);
        int wire = (int) (t & 7);
        if (t >>> 3 > MAX_FIELD_NUMBER || field == 0) {
            throw new IllegalArgumentException("bad protobuf field number");
        }
        if (wire != VARINT && wire != I64 && wire != LEN && wire != I32) {
            throw new IllegalArgumentException("unsupported protobuf wire type " + wire);
        }
        tag = (int) t;
        return true;
    }

    /** True when the whole message has been read. */
    public boolean atEnd() {
        return pos >= end;
    }

    public int field() {
        return tag >>> 3;
    }

    public int wireType() {
        return tag & 7;
    }

    public long readVarint() {
        long v = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            if (pos >= end) {
                throw new IllegalArgumentException("truncated protobuf varint");
            }
            int b = buf[pos++] & 0xFF;
            v |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("protobuf varint too long");
    }

    /** A varint field that must fit an unsigned 63-bit value. */
    public long uint64() {
        expect(VARINT);
        long v = readVarint();
        if (v < 0) {
            throw new IllegalArgumentException("uint64 value out of range");
        }
        return v;
    }

    public int uint32() {
        expect(VARINT);
        long v = readVarint();
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("uint32 value out of range");
        }
        return (int) v;
    }

    public int int32() {
        expect(VARINT);
        return (int) readVarint();
    }

    public boolean bool() {
        expect(VARINT);
        return readVarint() != 0;
    }

    /** A length-delimited field of at most {@code max} bytes. */
    public byte[] bytes(int max) {
        expect(LEN);
        long len = readVarint();
        if (len < 0 || len > end - pos) {
            throw new IllegalArgumentException("protobuf length " + len + " beyond the message");
        }
        if (len > max) {
            throw new IllegalArgumentException("protobuf field " + field() + " longer than " + max);
        }
        byte[] out = new byte[(int) len];
        System.arraycopy(buf, pos, out, 0, (int) len);
        pos += (int) len;
        return out;
    }

    public String string(int max) {
        return new String(bytes(max), StandardCharsets.UTF_8);
    }

    /** Skips the current field's value. */
    public void skip() {
        switch (wireType()) {
            case VARINT -> readVarint();
            case I64 -> advance(8);
            case I32 -> advance(4);
            case LEN -> {
                long len = readVarint();
                if (len < 0 || len > end - pos) {
                    throw new IllegalArgumentException("protobuf length beyond the message");
                }
                pos += (int) len;
            }
            default -> throw new IllegalArgumentException("unsupported wire type");
        }
    }

    private void advance(int n) {
        if (end - pos < n) {
            throw new IllegalArgumentException("truncated protobuf fixed field");
        }
        pos += n;
    }

    private void expect(int wire) {
        if (wireType() != wire) {
            throw new IllegalArgumentException("protobuf field " + field() + " has wire type " + wireType() + ", expected " + wire);
        }
    }
}
