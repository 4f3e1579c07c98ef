package org.p2pstack.api.ipfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Provided by the IPFS bundle: a minimal IPFS node (libp2p, Kademlia, Bitswap, UnixFS, blockstore).
 * Reads fetch missing blocks from the network, waiting at most the given (or configured) timeout;
 * {@link IOException}s say in plain words what went wrong ("block ... not found within 30 s").
 */
public interface IpfsService {

    /** This node's peer ID, public key and addresses. */
    PeerInfo id();

    /** Imports a stream as a UnixFS file and returns its root CID. The blocks stay unpinned unless {@code options.pin()}. */
    String add(InputStream data, AddOptions options) throws IOException;

    /** Imports a file, or a directory tree as {@code ipfs add -r} does, from disk and returns its root CID. */
    String add(Path file, AddOptions options) throws IOException;

    /**
     * True if {@code path} ({@code <cid>} or {@code <cid>/dir/...}) names a UnixFS directory.
     * Every method that reads takes such paths; a missing name throws {@link java.io.FileNotFoundException}.
     */
    boolean isDirectory(String path) throws IOException;

    /** The entries of the directory at {@code path}, in the directory's order. */
    List<DirectoryEntry> ls(String path) throws IOException;

    /** The size in bytes of the UnixFS file (or raw block) named by {@code cid}. */
    long size(String cid) throws IOException;

    /** The whole content of the UnixFS file {@code cid}, streamed block by block. */
    default InputStream cat(String cid) throws IOException {
        return cat(cid, 0, Long.MAX_VALUE);
    }

    /**
     * {@code length} bytes of the UnixFS file {@code cid} starting at {@code offset} (fewer if the file ends
     * first), streamed without loading the file: only the blocks that cover the range are read or fetched.
     */
    InputStream cat(String cid, long offset, long length) throws IOException;

    /** The raw bytes of one block, verified against its CID; fetched with Bitswap if not local. */
    byte[] getBlock(String cid, Duration timeout) throws IOException;

    /** True if the block is in the local blockstore. */
    boolean hasBlock(String cid);

    /** Pins {@code cid} and everything below it (fetching what is missing), so that GC keeps it. */
    void pin(String cid) throws IOException;

    /** Removes the recursive pin on {@code cid}; its blocks are removed by the next {@link #gc()}. */
    void unpin(String cid) throws IOException;

    /** The recursively pinned root CIDs. */
    Set<String> pins();

    /** Removes every block not reachable from a pin; returns how many blocks were removed. */
    long gc() throws IOException;

    /** Announces to the DHT that this node provides {@code cid}. Returns the number of peers that stored the record. */
    int provide(String cid, Duration timeout) throws IOException;

    /** Asks the DHT who provides {@code cid}; returns at most {@code max} providers found within {@code timeout}. */
    List<PeerInfo> findProviders(String cid, int max, Duration timeout) throws IOException;

    /** Dials a peer, e.g. {@code /ip4/127.0.0.1/tcp/4001/p2p/12D3Koo...}, and returns who answered. */
    PeerInfo connect(String multiaddr, Duration timeout) throws IOException;

    /** The peers this node is connected to now. */
    List<PeerInfo> peers();
}
