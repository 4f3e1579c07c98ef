package org.p2pstack.ipfs.internal.unixfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.p2pstack.ipfs.internal.multiformats.Cid;

import org.p2pstack.ipfs.internal.dagpb.PbNode;
import org.p2pstack.ipfs.internal.dagpb.PbLink;
import org.p2pstack.ipfs.internal.blockstore.BlockSource;
/** Resolves {@code <cid>/a/b} through UnixFS directories (not HAMT-sharded ones) and lists directories. */
public final class UnixfsPath {

    /** Most path segments followed. */
    public static final int MAX_SEGMENTS = 64;

    /** A directory entry. */
    public record Entry(String name, Cid cid, long tsize) {
    }

    private UnixfsPath() {
    }

    /** The CID that {@code path} names below {@code root}; throws {@link java.io.FileNotFoundException} if absent. */
    public static Cid resolve(BlockSource source, Cid root, String path) throws IOException {
        Cid cur = root;
        int n = 0;
        for (String seg : path.split("/")) {
            if (seg.isEmpty()) {
                continue;
            }
            if (++n > MAX_SEGMENTS) {
                throw new IOException("path longer than " + MAX_SEGMENTS + " segments");
            }
            Cid next = null;
            for (Entry e : list(source, cur)) {
                if (e.name().equals(seg)) {
                    next = e.cid();
                    break;
                }
            }
            if (next == null) {
                throw new java.io.FileNotFoundException("no " + seg + " in " + cur);
            }
            cur = next;
        }
        return cur;
    }

    /** Most entries listed from one HAMT-sharded directory, and most shard nodes visited for it. */
    public static final int MAX_SHARD_ENTRIES = 100_000;
    public static final int MAX_SHARD_NODES = 10_000;

    /** True if {@code cid} is a UnixFS directory, plain or HAMT-sharded. */
    public static boolean isDirectory(BlockSource source, Cid cid) throws IOException {
        UnixfsData.Type t = type(source, cid);
        return t == UnixfsData.Type.DIRECTORY || t == UnixfsData.Type.HAMT_SHARD;
    }

    private static UnixfsData.Type type(BlockSource source, Cid cid) throws IOException {
        if (cid.codec() != Cid.DAG_PB) {
            return null;
        }
        PbNode node = PbNode.decode(source.get(cid));
        return node.data() == null ? null : UnixfsData.decode(node.data()).type();
    }

    /** The entries of the directory {@code dir}; a HAMT-sharded directory is walked shard by shard. */
    public static List<Entry> list(BlockSource source, Cid dir) throws IOException {
        UnixfsData.Type t = type(source, dir);
        if (t == UnixfsData.Type.HAMT_SHARD) {
            List<Entry> out = new ArrayList<>();
            listShard(source, dir, out, new int[] {0}, 0);
            return out;
        }
        if (t != UnixfsData.Type.DIRECTORY) {
            throw new java.io.FileNotFoundException(dir + " is not a directory");
        }
        List<Entry> out = new ArrayList<>();
        for (PbLink l : PbNode.decode(source.get(dir)).links()) {
            out.add(new Entry(l.name() == null ? "" : l.name(), l.hash(), l.tsize()));
        }
        return out;
    }

    /**
     * A HAMT shard (UNIXFS "HAMTDirectory"): each link name starts with the bucket index in upper-case hex,
     * {@code log16(fanout)} characters; a name of exactly that length is a sub-shard, a longer one an entry.
     */
    private static void listShard(BlockSource source, Cid shard, List<Entry> out, int[] nodes, int depth) throws IOException {
        if (++nodes[0] > MAX_SHARD_NODES || depth > 64) {
            throw new IOException(shard + ": HAMT directory larger than this node reads");
        }
        PbNode node = PbNode.decode(source.get(shard));
        UnixfsData d = UnixfsData.decode(node.data());
        if (d.type() != UnixfsData.Type.HAMT_SHARD) {
            throw new IOException(shard + " is not a HAMT shard");
        }
        long fanout = d.fanout();
        if (fanout < 2 || fanout > 4096 || Long.bitCount(fanout) != 1) {
            throw new IOException(shard + ": bad HAMT fanout " + fanout);
        }
        int prefix = Integer.toHexString((int) fanout - 1).length();
        for (PbLink l : node.links()) {
            String name = l.name() == null ? "" : l.name();
            if (name.length() < prefix) {
                throw new IOException(shard + ": HAMT link name shorter than its bucket prefix");
            }
            if (name.length() == prefix) {
                listShard(source, l.hash(), out, nodes, depth + 1);
            } else {
                if (out.size() >= MAX_SHARD_ENTRIES) {
                    throw new IOException(shard + ": more than " + MAX_SHARD_ENTRIES + " entries");
                }
                out.add(new Entry(name.substring(prefix), l.hash(), l.tsize()));
            }
        }
    }
}
