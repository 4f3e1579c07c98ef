package org.p2pstack.ipfs.internal.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.p2pstack.ipfs.internal.multiformats.Cid;

import org.p2pstack.ipfs.internal.dagpb.PbNode;
import org.p2pstack.ipfs.internal.dagpb.PbLink;
import org.p2pstack.ipfs.internal.blockstore.BlockSource;
/**
 * Streams a byte range of a UnixFS file without loading it: walks the DAG depth-first, uses each node's
 * {@code blocksizes} to skip the subtrees outside the range, and reads one block at a time.
 * Bounds: tree depth {@link #MAX_DEPTH}; each node's blocksizes must match its links and add up to its filesize.
 */
public final class UnixfsReader extends InputStream {

    public static final int MAX_DEPTH = 32;
    /** How many sibling blocks ahead of the one being read are announced to the source for prefetching. */
    public static final int PREFETCH_WINDOW = 32;

    private static final class Frame {
        final List<PbLink> links;
        final long[] sizes;
        int next;
        long pos;

        Frame(List<PbLink> links, long[] sizes, long pos) {
            this.links = links;
            this.sizes = sizes;
            this.pos = pos;
        }
    }

    private final BlockSource source;
    private final long start;
    private final long end;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private byte[] buf = new byte[0];
    private int bufPos;
    private int bufEnd;
    private boolean done;

    /** Reads {@code [offset, offset+length)} of the file {@code root}, clipped to the file's end. */
    public UnixfsReader(BlockSource source, Cid root, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        this.source = source;
        this.start = offset;
        this.end = length > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + length;
        if (start >= end) {
            done = true;
        } else {
            visit(root, 0, -1);
        }
    }

    /** The file size of the UnixFS file or raw block {@code root}. */
    public static long fileSize(BlockSource source, Cid root) throws IOException {
        byte[] block = source.get(root);
        if (root.codec() == Cid.RAW) {
            return block.length;
        }
        UnixfsData d = fileData(root, block);
        if (d.filesize() >= 0) {
            return d.filesize();
        }
        return d.data() == null ? 0 : d.data().length;
    }

    private static UnixfsData fileData(Cid cid, byte[] block) throws IOException {
        if (cid.codec() != Cid.DAG_PB) {
            throw new IOException(cid + " is neither dag-pb nor raw");
        }
        PbNode node = PbNode.decode(block);
        if (node.data() == null) {
            throw new IOException(cid + " has no UnixFS data");
        }
        UnixfsData d = UnixfsData.decode(node.data());
        if (d.type() != UnixfsData.Type.FILE && d.type() != UnixfsData.Type.RAW) {
            throw new IOException(cid + " is a UnixFS " + d.type().name().toLowerCase(java.util.Locale.ROOT) + ", not a file");
        }
        return d;
    }

    /** Reads the node {@code cid} that starts at file offset {@code at} and, per its parent, holds {@code expected} bytes (-1: unknown). */
    private void visit(Cid cid, long at, long expected) throws IOException {
        byte[] block = source.get(cid);
        if (cid.codec() == Cid.RAW) {
            if (expected >= 0 && block.length != expected) {
                throw new IOException(cid + " holds " + block.length + " bytes, its parent says " + expected);
            }
            setBuf(block, at);
            return;
        }
        if (cid.codec() != Cid.DAG_PB) {
            throw new IOException(cid + " is neither dag-pb nor raw");
        }
        PbNode node = PbNode.decode(block);
        if (node.data() == null) {
            throw new IOException(cid + " has no UnixFS data");
        }
        UnixfsData d = UnixfsData.decode(node.data());
        if (d.type() != UnixfsData.Type.FILE && d.type() != UnixfsData.Type.RAW) {
            throw new IOException(cid + " is not a UnixFS file");
        }
        byte[] data = d.data() == null ? new byte[0] : d.data();
        long holds = d.filesize() >= 0 ? d.filesize() : data.length;
        if (expected >= 0 && holds != expected) {
            throw new IOException(cid + " holds " + holds + " bytes, its parent says " + expected);
        }
        if (node.links().isEmpty() && data.length != holds) {
            throw new IOException(cid + ": filesize does not match its data");
        }
        if (!node.links().isEmpty()) {
            if (d.blocksizes().length != node.links().size()) {
                throw new IOException(cid + ": blocksizes do not match links");
            }
            long sum = data.length;
            for (long s : d.blocksizes()) {
                sum += s;
                if (s < 0 || sum < 0) {
                    throw new IOException(cid + ": bad blocksizes");
                }
            }
            if (d.filesize() >= 0 && d.filesize() != sum) {
                throw new IOException(cid + ": filesize does not match blocksizes");
            }
            if (stack.size() >= MAX_DEPTH) {
                throw new IOException(cid + ": DAG deeper than " + MAX_DEPTH);
            }
            stack.push(new Frame(node.links(), d.blocksizes(), at + data.length));
        }
        setBuf(data, at);
    }

    /** Announces the next siblings inside the range, every {@code PREFETCH_WINDOW / 2} children. */
    private void prefetch(Frame f) {
        if ((f.next - 1) % (PREFETCH_WINDOW / 2) != 0) {
            return;
        }
        java.util.List<Cid> ahead = new java.util.ArrayList<>();
        long pos = f.pos;
        for (int i = f.next; i < f.links.size() && ahead.size() < PREFETCH_WINDOW && pos < end; i++) {
            ahead.add(f.links.get(i).hash());
            pos += f.sizes[i];
        }
        if (!ahead.isEmpty()) {
            source.prefetch(ahead);
        }
    }

    private void setBuf(byte[] bytes, long at) {
        long from = Math.max(0, start - at);
        long to = Math.min(bytes.length, end - at);
        buf = bytes;
        if (from >= to) {
            bufPos = bufEnd = 0;
        } else {
            bufPos = (int) from;
            bufEnd = (int) to;
        }
    }

    /** Makes bytes available; returns false at the end of the range. */
    private boolean fill() throws IOException {
        while (bufPos >= bufEnd) {
            if (done) {
                return false;
            }
            Frame f = stack.peek();
            if (f == null) {
                done = true;
                return false;
            }
            if (f.next >= f.links.size()) {
                stack.pop();
                continue;
            }
            long childStart = f.pos;
            long size = f.sizes[f.next];
            Cid child = f.links.get(f.next).hash();
            f.next++;
            f.pos += size;
            if (childStart + size <= start) {
                continue;
            }
            if (childStart >= end) {
                stack.clear();
                done = true;
                return false;
            }
            prefetch(f);
            visit(child, childStart, size);
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return buf[bufPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, bufEnd - bufPos);
        System.arraycopy(buf, bufPos, b, off, n);
        bufPos += n;
        return n;
    }
}
