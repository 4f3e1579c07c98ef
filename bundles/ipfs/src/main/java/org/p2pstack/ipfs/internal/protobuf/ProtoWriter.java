package org.p2pstack.ipfs.internal.protobuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.p2pstack.ipfs.internal.multiformats.Varint;

/** Writes protobuf wire format, fields in the order the caller writes them. */
public final class ProtoWriter {

    private byte[] buf;
    private int pos;

    public ProtoWriter() {
        this(64);
    }

    /** With room for {@code capacity} bytes before the buffer has to grow. */
    public ProtoWriter(int capacity) {
        buf = new byte[capacity];
    }

    /**
     * A writer for a message of exactly {@code bodySize} bytes that starts with its varint length, so that
     * {@link #lengthPrefixedBytes()} hands back the length-prefixed message without another copy (Bitswap
     * blocks are copied once on their way to the stream).
     */
    public static ProtoWriter lengthPrefixed(int bodySize) {
        ProtoWriter w = new ProtoWriter(Varint.size(bodySize) + bodySize);
        w.varint(bodySize);
        return w;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    public ProtoWriter varint(long v) {
        ensure(v < 0 ? 10 : Varint.size(v)); // exactly, so that a length-prefixed writer ends exactly full
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
        return this;
    }

    private ProtoWriter tag(int field, int wire) {
        return varint(((long) field << 3) | wire);
    }

    public ProtoWriter uint64(int field, long v) {
        return tag(field, ProtoReader.VARINT).varint(v);
    }

    public ProtoWriter int32(int field, int v) {
        return tag(field, ProtoReader.VARINT).varint(v); // negative ints take 10 bytes, as protobuf does
    }

    public ProtoWriter bool(int field, boolean v) {
        return uint64(field, v ? 1 : 0);
    }

    public ProtoWriter bytes(int field, byte[] v) {
        return bytes(field, v, 0, v.length);
    }

    public ProtoWriter bytes(int field, byte[] v, int off, int len) {
        lengthDelimited(field, len);
        ensure(len);
        System.arraycopy(v, off, buf, pos, len);
        pos += len;
        return this;
    }

    /** The tag and length of a length-delimited field whose {@code len} bytes the caller writes next (a nested message written in place). */
    public ProtoWriter lengthDelimited(int field, int len) {
        return tag(field, ProtoReader.LEN).varint(len);
    }

    public ProtoWriter string(int field, String v) {
        return bytes(field, v.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes a length-delimited field of {@code len} bytes takes, tag and length included. */
    public static int lengthDelimitedSize(int field, int len) {
        return Varint.size((long) field << 3 | ProtoReader.LEN) + Varint.size(len) + len;
    }

    public int size() {
        return pos;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** The message of a {@link #lengthPrefixed} writer, its own buffer; the writer is done with it. */
    public byte[] lengthPrefixedBytes() {
        if (pos != buf.length) {
            throw new IllegalStateException("wrote " + pos + " bytes of a " + buf.length + "-byte length-prefixed message");
        }
        return buf;
    }
}
