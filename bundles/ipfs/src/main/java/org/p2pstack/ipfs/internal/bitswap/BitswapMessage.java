package org.p2pstack.ipfs.internal.bitswap;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.p2pstack.ipfs.internal.multiformats.Cid;
import org.p2pstack.ipfs.internal.multiformats.Multihash;
import org.p2pstack.ipfs.internal.multiformats.Varint;
import org.p2pstack.ipfs.internal.protobuf.ProtoReader;
import org.p2pstack.ipfs.internal.protobuf.ProtoWriter;

/**
 * A Bitswap message (ipfs/specs BITSWAP, 1.0.0–1.2.0):
 * {@code Message { Wantlist wantlist = 1; repeated bytes blocks = 2; repeated Block payload = 3;
 * repeated BlockPresence blockPresences = 4; int32 pendingBytes = 5; }}. Blocks of 1.1+ carry a CID prefix;
 * a received block's CID is computed from its bytes, never trusted.
 */
public record BitswapMessage(List<Entry> wantlist, boolean full, List<Block> blocks, List<Presence> presences,
        int pendingBytes) {

    /** Largest message accepted (kubo's limit). */
    public static final int MAX_MESSAGE = 4 * 1024 * 1024;
    /** Largest block accepted. */
    public static final int MAX_BLOCK = 2 * 1024 * 1024;
    /** Most wantlist entries or presences in one message. */
    public static final int MAX_ENTRIES = 1024;
    /** Most blocks in one message. */
    public static final int MAX_BLOCKS = 256;

    public enum WantType { BLOCK, HAVE }

    public record Entry(Cid cid, int priority, boolean cancel, WantType type, boolean sendDontHave) {
    }

    /** A block and the CID computed for it. */
    public record Block(Cid cid, byte[] data) {
    }

    public record Presence(Cid cid, boolean have) {
    }

    public BitswapMessage {
        wantlist = List.copyOf(wantlist);
        blocks = List.copyOf(blocks);
        presences = List.copyOf(presences);
    }

    public static BitswapMessage wants(List<Entry> entries) {
        return new BitswapMessage(entries, false, List.of(), List.of(), 0);
    }

    public boolean isEmpty() {
        return wantlist.isEmpty() && blocks.isEmpty() && presences.isEmpty() && !full;
    }

    /** Encoding for 1.1.0 / 1.2.0 peers (blocks with prefix; presences only for 1.2.0). */
    public byte[] encode() {
        Parts parts = parts();
        return write(new ProtoWriter(parts.size), parts).toByteArray();
    }

    /** {@link #encode()} preceded by its varint length, as one array: each block's bytes are copied once. */
    public byte[] encodeLengthPrefixed() {
        Parts parts = parts();
        return write(ProtoWriter.lengthPrefixed(parts.size), parts).lengthPrefixedBytes();
    }

    /** The small fields, encoded, and the exact size of the whole message. */
    private record Parts(byte[] wantlist, List<byte[]> blockPrefixes, List<byte[]> presences, int size) {
    }

    private Parts parts() {
        byte[] wl = null;
        int size = 0;
        if (!wantlist.isEmpty() || full) {
            ProtoWriter w = new ProtoWriter();
            for (Entry e : wantlist) {
                ProtoWriter ew = new ProtoWriter().bytes(1, e.cid().bytes()).int32(2, e.priority());
                if (e.cancel()) {
                    ew.bool(3, true);
                }
                if (e.type() == WantType.HAVE) {
                    ew.uint64(4, 1);
                }
                if (e.sendDontHave()) {
                    ew.bool(5, true);
                }
                w.bytes(1, ew.toByteArray());
            }
            if (full) {
                w.bool(2, true);
            }
            wl = w.toByteArray();
            size += ProtoWriter.lengthDelimitedSize(1, wl.length);
        }
        List<byte[]> prefixes = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            byte[] prefix = prefix(b.cid());
            prefixes.add(prefix);
            size += ProtoWriter.lengthDelimitedSize(3, blockSize(prefix, b.data()));
        }
        List<byte[]> pres = new ArrayList<>(presences.size());
        for (Presence p : presences) {
            ProtoWriter pw = new ProtoWriter().bytes(1, p.cid().bytes());
            if (!p.have()) {
                pw.uint64(2, 1);
            }
            byte[] encoded = pw.toByteArray();
            pres.add(encoded);
            size += ProtoWriter.lengthDelimitedSize(4, encoded.length);
        }
        if (pendingBytes > 0) {
            size += new ProtoWriter().int32(5, pendingBytes).size();
        }
        return new Parts(wl, prefixes, pres, size);
    }

    private static int blockSize(byte[] prefix, byte[] data) {
        return ProtoWriter.lengthDelimitedSize(1, prefix.length) + ProtoWriter.lengthDelimitedSize(2, data.length);
    }

    private ProtoWriter write(ProtoWriter w, Parts parts) {
        if (parts.wantlist() != null) {
            w.bytes(1, parts.wantlist());
        }
        for (int i = 0; i < blocks.size(); i++) {
            byte[] prefix = parts.blockPrefixes().get(i);
            byte[] data = blocks.get(i).data();
            // the Block message written in place, so that its data is copied once
            w.lengthDelimited(3, blockSize(prefix, data)).bytes(1, prefix).bytes(2, data);
        }
        for (byte[] p : parts.presences()) {
            w.bytes(4, p);
        }
        if (pendingBytes > 0) {
            w.int32(5, pendingBytes);
        }
        return w;
    }

    /** CID prefix: version, codec, multihash code and digest length, as varints. */
    static byte[] prefix(Cid cid) {
        byte[] v = Varint.encode(cid.version());
        byte[] c = Varint.encode(cid.codec());
        byte[] h = Varint.encode(cid.multihash().code());
        byte[] l = Varint.encode(cid.multihash().digest().length);
        ByteBuffer b = ByteBuffer.allocate(v.length + c.length + h.length + l.length);
        return b.put(v).put(c).put(h).put(l).array();
    }

    static Cid cidFromPrefix(byte[] prefix, byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(prefix);
        long version = Varint.read(in);
        long codec = Varint.read(in);
        long code = Varint.read(in);
        long len = Varint.read(in);
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes in CID prefix");
        }
        if (code != Multihash.SHA2_256 || len != 32) {
            throw new IllegalArgumentException("unsupported multihash in block prefix: " + code + "/" + len);
        }
        Multihash mh = Multihash.sha256(data);
        if (version == 0) {
            if (codec != Cid.DAG_PB) {
                throw new IllegalArgumentException("CIDv0 prefix with codec " + codec);
            }
            return Cid.v0(mh);
        }
        if (version != 1 || codec > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad CID prefix");
        }
        return Cid.v1((int) codec, mh);
    }

    public static BitswapMessage decode(byte[] msg) {
        if (msg.length > MAX_MESSAGE) {
            throw new IllegalArgumentException("bitswap message larger than " + MAX_MESSAGE);
        }
        ProtoReader r = new ProtoReader(msg);
        List<Entry> wants = new ArrayList<>();
        boolean full = false;
        List<Block> blocks = new ArrayList<>();
        List<Presence> presences = new ArrayList<>();
        int pending = 0;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> {
                    ProtoReader wl = new ProtoReader(r.bytes(MAX_MESSAGE));
                    while (wl.next()) {
                        switch (wl.field()) {
                            case 1 -> {
                                if (wants.size() >= MAX_ENTRIES) {
                                    throw new IllegalArgumentException("more than " + MAX_ENTRIES + " wantlist entries");
                                }
                                wants.add(decodeEntry(wl.bytes(1024)));
                            }
                            case 2 -> full = wl.bool();
                            default -> wl.skip();
                        }
                    }
                }
                case 2 -> { // bitswap 1.0.0: raw blocks, CIDv0
                    byte[] data = r.bytes(MAX_BLOCK);
                    checkBlocks(blocks);
                    blocks.add(new Block(Cid.v0(Multihash.sha256(data)), data));
                }
                case 3 -> {
                    ProtoReader b = new ProtoReader(r.bytes(MAX_BLOCK + 1024));
                    byte[] prefix = null;
                    byte[] data = null;
                    while (b.next()) {
                        switch (b.field()) {
                            case 1 -> prefix = b.bytes(64);
                            case 2 -> data = b.bytes(MAX_BLOCK);
                            default -> b.skip();
                        }
                    }
                    if (prefix == null || data == null) {
                        throw new IllegalArgumentException("bitswap block without prefix or data");
                    }
                    checkBlocks(blocks);
                    blocks.add(new Block(cidFromPrefix(prefix, data), data));
                }
                case 4 -> {
                    if (presences.size() >= MAX_ENTRIES) {
                        throw new IllegalArgumentException("more than " + MAX_ENTRIES + " block presences");
                    }
                    ProtoReader p = new ProtoReader(r.bytes(1024));
                    Cid cid = null;
                    int type = 0;
                    while (p.next()) {
                        switch (p.field()) {
                            case 1 -> cid = Cid.decode(p.bytes(Cid.MAX_BYTES));
                            case 2 -> type = p.int32();
                            default -> p.skip();
                        }
                    }
                    if (cid == null) {
                        throw new IllegalArgumentException("block presence without CID");
                    }
                    presences.add(new Presence(cid, type == 0));
                }
                case 5 -> pending = r.int32();
                default -> r.skip();
            }
        }
        return new BitswapMessage(wants, full, blocks, presences, pending);
    }

    private static void checkBlocks(List<Block> blocks) {
        if (blocks.size() >= MAX_BLOCKS) {
            throw new IllegalArgumentException("more than " + MAX_BLOCKS + " blocks in one message");
        }
    }

    private static Entry decodeEntry(byte[] raw) {
        ProtoReader r = new ProtoReader(raw);
        Cid cid = null;
        int priority = 0;
        boolean cancel = false;
        WantType type = WantType.BLOCK;
        boolean sendDontHave = false;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> cid = Cid.decode(r.bytes(Cid.MAX_BYTES));
                case 2 -> priority = r.int32();
                case 3 -> cancel = r.bool();
                case 4 -> type = r.int32() == 1 ? WantType.HAVE : WantType.BLOCK;
                case 5 -> sendDontHave = r.bool();
                default -> r.skip();
            }
        }
        if (cid == null) {
            throw new IllegalArgumentException("wantlist entry without CID");
        }
        return new Entry(cid, priority, cancel, type, sendDontHave);
    }
}
