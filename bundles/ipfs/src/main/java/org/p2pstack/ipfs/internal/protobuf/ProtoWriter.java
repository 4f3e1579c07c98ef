package org.p2pstack.ipfs.internal.protobuf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes protobuf wire format, fields in the order the caller writes them. */
public final class ProtoWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ProtoWriter varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
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
        tag(field, ProtoReader.LEN).varint(len);
        out.write(v, off, len);
        return this;
    }

    public ProtoWriter string(int field, String v) {
        return bytes(field, v.getBytes(StandardCharsets.UTF_8));
    }

    public int size() {
        return out.size();
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
