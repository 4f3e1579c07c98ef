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
     * again, also after a restart. {@code file} is only read; to seed an item of the shared folder, pass the file
     * {@code ContentLibrary.streamableFile} names (a video a browser can play while it arrives).
     *
     * @param name     the name in the torrent (what a downloader saves it as)
     * @param progress called with 0..1 while hashing; may be called from another thread
     * @throws IOException for an empty or unreadable file (a torrent cannot describe 0 bytes)
     */
    CompletableFuture<TorrentInfo> seed(Path file, String name, DoubleConsumer progress) throws IOException;

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
