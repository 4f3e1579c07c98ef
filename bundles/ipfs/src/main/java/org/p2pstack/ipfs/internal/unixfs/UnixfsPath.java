package org.p2pstack.ipfs.internal.unixfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.p2pstack.ipfs.internal.multiformats.Cid;

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

    /** True if {@code cid} is a UnixFS directory. */
    public static boolean isDirectory(BlockSource source, Cid cid) throws IOException {
        if (cid.codec() != Cid.DAG_PB) {
            return false;
        }
        PbNode node = PbNode.decode(source.get(cid));
        if (node.data() == null) {
            return false;
        }
        UnixfsData.Type t = UnixfsData.decode(node.data()).type();
        if (t == UnixfsData.Type.HAMT_SHARD) {
            throw new IOException(cid + " is a HAMT-sharded directory, which this node cannot read yet");
        }
        return t == UnixfsData.Type.DIRECTORY;
    }

    /** The entries of the directory {@code dir}. */
    public static List<Entry> list(BlockSource source, Cid dir) throws IOException {
        if (!isDirectory(source, dir)) {
            throw new java.io.FileNotFoundException(dir + " is not a directory");
        }
        List<Entry> out = new ArrayList<>();
        for (PbLink l : PbNode.decode(source.get(dir)).links()) {
            out.add(new Entry(l.name() == null ? "" : l.name(), l.hash(), l.tsize()));
        }
        return out;
    }
}
