package org.p2pstack.api.torrent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleConsumer;

import org.osgi.annotation.versioning.ProviderType;

/** Provided by the torrent bundle: every shared file can become a torrent with a web seed on this node. */
@ProviderType
public interface TorrentService {

    /**
     * Hashes {@code file} in the background (streamed, never whole in memory) and starts seeding it from
     * this node's web seed. A file already hashed with the same size and modification time is not hashed
     * again, also after a restart. {@code file} is only read: a video that cannot be played while it arrives
     * (see {@link #prepareForStreaming}) is torrented and served from a streamable copy in the node's data
     * folder, which goes when the torrent goes.
     *
     * @param name     the name in the torrent (what a downloader saves it as)
     * @param progress called with 0..1 while hashing; may be called from another thread
     * @throws IOException for an empty or unreadable file (a torrent cannot describe 0 bytes)
     */
    CompletableFuture<TorrentInfo> seed(Path file, String name, DoubleConsumer progress) throws IOException;

    /**
     * Makes a video streamable before it is torrented: an MP4 whose index ({@code moov}) sits after its
     * media data gets the index first, so that playback can start before the whole file has arrived; a
     * WebM from the browser's MediaRecorder (no duration, no cues) gets its duration and cues, so that
     * players can seek. The original stays untouched until the new file is complete (temporary file,
     * fsync, atomic rename). Call it only on a file the node wrote itself (an upload), before hashing or
     * recording a checksum of it; files the user put in the shared folder are never rewritten.
     *
     * @return true when the file was rewritten, false when it was already streamable or is neither
     * @throws IOException for a damaged file (it is left as it was)
     */
    boolean prepareForStreaming(Path file) throws IOException;

    /** Stops seeding the torrent; its web seed answers 404 afterwards. */
    void remove(String infoHash);

    /** The torrents this node seeds. */
    List<TorrentInfo> list();

    Optional<TorrentInfo> find(String infoHash);

    /**
     * The bencoded .torrent file whose web seed is below {@code baseUrl}: {@code http://127.0.0.1:8181} for
     * the owner's browser, the node's {@code http://<b32>.b32.i2p} for visitors.
     */
    Optional<byte[]> torrentFile(String infoHash, String baseUrl);

    /**
     * A magnet link: info hash, name, size, the web seed below {@code baseUrl} ({@code ws=}) and where the
     * .torrent file can be fetched ({@code xs=}), so that a client needs no other peer to start.
     */
    Optional<String> magnet(String infoHash, String baseUrl);
}
