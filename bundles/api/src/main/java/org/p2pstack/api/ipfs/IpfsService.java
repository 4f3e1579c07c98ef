package org.p2pstack.api.ipfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

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

    /**
     * The peers found on the local network (libp2p mDNS, {@code _p2p._udp.local}) whose announcement has not expired,
     * with the addresses they announced ({@code /ip4/.../tcp/.../p2p/<peer>}); agent and protocols are filled in for
     * peers this node is connected to. Empty when LAN discovery is off.
     *
     * @since 1.1
     */
    default List<PeerInfo> nearbyPeers() {
        return List.of();
    }

    /**
     * Answers a libp2p stream protocol of the caller's, one request and one answer per stream: the remote peer sends
     * one unsigned-varint length-prefixed request and this node calls {@code handler(remotePeerId, request)}, where the
     * peer ID is the one the connection's Noise handshake authenticated. A present answer is sent back
     * length-prefixed; an empty one (or an exception) resets the stream, which the asking peer sees as a refusal. A
     * request larger than {@code maxRequestBytes} resets the stream before the handler sees it. The handler runs on a
     * network thread and should return within seconds.
     *
     * @param protocolId      e.g. {@code /p2pstack/profile-record/1.0.0}: {@code /} then printable ASCII
     * @param maxRequestBytes largest request accepted (at most 4 MiB)
     * @return a handle whose {@code close()} stops answering
     * @throws IllegalStateException    if this protocol is already answered
     * @throws IllegalArgumentException for a malformed protocol ID or limit
     * @since 1.1
     */
    default AutoCloseable answer(String protocolId, int maxRequestBytes,
            BiFunction<String, byte[], Optional<byte[]>> handler) {
        throw new UnsupportedOperationException("this IPFS node does not answer requests");
    }

    /**
     * Sends one request to {@code peerId} over a stream of {@code protocolId} (negotiated with multistream-select) and
     * returns the peer's answer, as {@link #answer} serves it. Uses the open connection to the peer, or dials the
     * addresses this node knows for it (e.g. from {@link #nearbyPeers()}).
     *
     * @param maxAnswerBytes largest answer accepted (at most 4 MiB)
     * @param timeout        the longest the whole exchange may take, dialling included (at most 5 minutes)
     * @throws IOException whose message says what happened: no address known for the peer, not reachable, the peer
     *                     does not speak the protocol, refused the request, answered more than {@code maxAnswerBytes},
     *                     or did not answer within {@code timeout} ({@link java.net.SocketTimeoutException})
     * @since 1.1
     */
    default byte[] request(String peerId, String protocolId, byte[] request, int maxAnswerBytes, Duration timeout)
            throws IOException {
        throw new UnsupportedOperationException("this IPFS node does not send requests");
    }
}
