package org.p2pstack.ipfs.internal.unixfs;

import java.util.ArrayList;
import java.util.List;

import org.p2pstack.ipfs.internal.protobuf.ProtoReader;
import org.p2pstack.ipfs.internal.protobuf.ProtoWriter;

import org.p2pstack.ipfs.internal.dagpb.PbNode;
/**
 * UnixFS {@code Data} message carried in a dag-pb node's Data (ipfs/specs UNIXFS):
 * {@code Type = 1; Data = 2; filesize = 3; repeated blocksizes = 4; hashType = 5; fanout = 6; mode = 7; mtime = 8}.
 * {@code filesize} -1 means absent.
 */
public record UnixfsData(Type type, byte[] data, long filesize, long[] blocksizes, int mode, long fanout) {

    /** Most blocksizes entries accepted: one per link. */
    public static final int MAX_BLOCKSIZES = PbNode.MAX_LINKS;

    public enum Type { RAW, DIRECTORY, FILE, METADATA, SYMLINK, HAMT_SHARD }

    public static UnixfsData file(byte[] data, long filesize, long[] blocksizes) {
        return new UnixfsData(Type.FILE, data, filesize, blocksizes, -1, -1);
    }

    /** Encoded as kubo and js-ipfs-unixfs do: empty data omitted, filesize for files and raw, blocksizes unpacked. */
    public byte[] encode() {
        ProtoWriter w = new ProtoWriter().uint64(1, type.ordinal());
        if (data != null && data.length > 0) {
            w.bytes(2, data);
        }
        if (filesize >= 0) {
            w.uint64(3, filesize);
        }
        for (long b : blocksizes) {
            w.uint64(4, b);
        }
        if (fanout >= 0) {
            w.uint64(6, fanout);
        }
        if (mode >= 0) {
            w.uint64(7, mode);
        }
        return w.toByteArray();
    }

    public static UnixfsData decode(byte[] raw) {
        ProtoReader r = new ProtoReader(raw);
        Type type = null;
        byte[] data = null;
        long filesize = -1;
        List<Long> sizes = new ArrayList<>();
        int mode = -1;
        long fanout = -1;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> {
                    int t = r.int32();
                    if (t < 0 || t >= Type.values().length) {
                        throw new IllegalArgumentException("unknown UnixFS type " + t);
                    }
                    type = Type.values()[t];
                }
                case 2 -> data = r.bytes(PbNode.MAX_BLOCK_SIZE);
                case 3 -> filesize = r.uint64();
                case 4 -> {
                    if (r.wireType() == ProtoReader.LEN) { // packed
                        ProtoReader p = new ProtoReader(r.bytes(PbNode.MAX_BLOCK_SIZE));
                        while (!p.atEnd()) {
                            if (sizes.size() >= MAX_BLOCKSIZES) {
                                throw new IllegalArgumentException("too many UnixFS blocksizes");
                            }
                            long v = p.readVarint();
                            if (v < 0) {
                                throw new IllegalArgumentException("blocksize out of range");
                            }
                            sizes.add(v);
                        }
                    } else {
                        if (sizes.size() >= MAX_BLOCKSIZES) {
                            throw new IllegalArgumentException("too many UnixFS blocksizes");
                        }
                        sizes.add(r.uint64());
                    }
                }
                case 6 -> fanout = r.uint64();
                case 7 -> mode = r.uint32();
                default -> r.skip();
            }
        }
        if (type == null) {
            throw new IllegalArgumentException("UnixFS data without Type");
        }
        long[] bs = new long[sizes.size()];
        for (int i = 0; i < bs.length; i++) {
            bs[i] = sizes.get(i);
        }
        return new UnixfsData(type, data, filesize, bs, mode, fanout);
    }
}
