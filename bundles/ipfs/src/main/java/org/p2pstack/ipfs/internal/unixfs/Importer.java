package org.p2pstack.ipfs.internal.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.p2pstack.ipfs.internal.blockstore.Blockstore;
import org.p2pstack.ipfs.internal.multiformats.Cid;
import org.p2pstack.ipfs.internal.multiformats.Multihash;

import org.p2pstack.ipfs.internal.dagpb.PbNode;
import org.p2pstack.ipfs.internal.dagpb.PbLink;
/**
 * UnixFS file importer with kubo's defaults ({@code ipfs add}): fixed 262,144-byte chunks, balanced layout
 * with at most 174 links per node, a file of one chunk reduced to that chunk. Profile {@link #KUBO_V0}:
 * CIDv0, leaves are dag-pb UnixFS File nodes; {@link #KUBO_V1}: CIDv1, raw leaves. Streams: memory use
 * is one chunk plus one pending node per tree level.
 */
public final class Importer {

    public static final int CHUNK_SIZE = 262_144;
    public static final int MAX_LINKS = 174;

    public record Profile(int cidVersion, boolean rawLeaves, int chunkSize, int maxLinks) {
    }

    public static final Profile KUBO_V0 = new Profile(0, false, CHUNK_SIZE, MAX_LINKS);
    public static final Profile KUBO_V1 = new Profile(1, true, CHUNK_SIZE, MAX_LINKS);

    /** A node under construction: its CID, the file bytes below it and the total serialized size (Tsize). */
    private record Entry(Cid cid, long fileSize, long tsize) {
    }

    /** The imported root: CID, file size and cumulative DAG size. */
    public record Result(Cid cid, long fileSize, long dagSize) {
    }

    private final Blockstore store;
    private final Profile profile;

    public Importer(Blockstore store, Profile profile) {
        this.store = store;
        this.profile = profile;
    }

    public Result importFile(InputStream in) throws IOException {
        List<List<Entry>> levels = new ArrayList<>();
        byte[] chunk = new byte[profile.chunkSize()];
        int count = 0;
        while (true) {
            int n = in.readNBytes(chunk, 0, chunk.length);
            if (n == 0 && count > 0) {
                break;
            }
            count++;
            push(levels, 0, leaf(chunk, n));
            if (n < chunk.length) {
                break;
            }
        }
        // close the tree from the bottom: each level's remainder becomes one more parent above it
        for (int level = 0; ; level++) {
            List<Entry> items = levels.get(level);
            boolean top = level == levels.size() - 1;
            if (top && items.size() == 1) {
                Entry root = items.get(0);
                return new Result(root.cid, root.fileSize, root.tsize);
            }
            if (!items.isEmpty()) {
                Entry parent = parent(items);
                items.clear();
                push(levels, level + 1, parent);
            }
        }
    }

    private void push(List<List<Entry>> levels, int level, Entry e) throws IOException {
        if (levels.size() == level) {
            levels.add(new ArrayList<>(profile.maxLinks()));
        }
        List<Entry> items = levels.get(level);
        if (items.size() == profile.maxLinks()) {
            Entry parent = parent(items);
            items.clear();
            push(levels, level + 1, parent);
        }
        items.add(e);
    }

    private Entry leaf(byte[] chunk, int n) throws IOException {
        if (profile.rawLeaves()) {
            byte[] block = java.util.Arrays.copyOf(chunk, n);
            Cid cid = Cid.v1(Cid.RAW, Multihash.sha256(block));
            store.putHashed(cid, block);
            return new Entry(cid, n, n);
        }
        byte[] data = java.util.Arrays.copyOf(chunk, n);
        byte[] block = new PbNode(List.of(), UnixfsData.file(data, n, new long[0]).encode()).encode();
        Cid cid = dagPb(block);
        store.putHashed(cid, block);
        return new Entry(cid, n, block.length);
    }

    private Entry parent(List<Entry> children) throws IOException {
        List<PbLink> links = new ArrayList<>(children.size());
        long[] sizes = new long[children.size()];
        long fileSize = 0;
        long tsize = 0;
        for (int i = 0; i < children.size(); i++) {
            Entry c = children.get(i);
            links.add(new PbLink(c.cid, "", c.tsize));
            sizes[i] = c.fileSize;
            fileSize += c.fileSize;
            tsize += c.tsize;
        }
        byte[] block = new PbNode(links, UnixfsData.file(null, fileSize, sizes).encode()).encode();
        Cid cid = dagPb(block);
        store.putHashed(cid, block);
        return new Entry(cid, fileSize, tsize + block.length);
    }

    private Cid dagPb(byte[] block) {
        Multihash mh = Multihash.sha256(block);
        return profile.cidVersion() == 0 ? Cid.v0(mh) : Cid.v1(Cid.DAG_PB, mh);
    }
}
