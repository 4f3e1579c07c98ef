package org.p2pstack.torrent.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleConsumer;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.status.StackStatus;
import org.p2pstack.api.status.StackStatusProvider;
import org.p2pstack.api.torrent.TorrentInfo;
import org.p2pstack.api.torrent.TorrentService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hashes files into torrents in the background, remembers them, and knows what the web seed serves. */
@Component(service = { TorrentService.class, StackStatusProvider.class, TorrentServiceImpl.class })
public final class TorrentServiceImpl implements TorrentService, StackStatusProvider {

    private static final Logger LOG = LoggerFactory.getLogger(TorrentServiceImpl.class);
    static final Pattern INFO_HASH = Pattern.compile("[0-9a-f]{40}");

    private final NodeEnvironment environment;
    private final TorrentStore store;
    private final Map<String, TorrentStore.Seeded> seeded = new ConcurrentHashMap<>();
    private final Map<Path, CompletableFuture<TorrentInfo>> hashing = new ConcurrentHashMap<>();
    private final AtomicInteger hashingCount = new AtomicInteger();
    // one hashing thread: hashing is disk-bound, and a second file waits rather than slowing the first
    private final ExecutorService hasher = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "p2pstack-torrent-hasher");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public TorrentServiceImpl(@Reference NodeEnvironment environment) {
        this.environment = environment;
        Path dir = environment.dataDir("torrent");
        this.store = new TorrentStore(dir);
        store.load().forEach(s -> seeded.put(s.metainfo().infoHash(), s));
        deleteOldCopies(dir.resolve("streamable"));
        LOG.info("Seeding {} torrents from the web seed", seeded.size());
    }

    @Deactivate
    void stop() {
        hasher.shutdownNow();
    }

    @Override
    public CompletableFuture<TorrentInfo> seed(Path file, String name, DoubleConsumer progress) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        long size = Files.size(absolute);
        long modified = Files.getLastModifiedTime(absolute).toMillis();
        if (size == 0) {
            throw new IOException("An empty file cannot be shared as a torrent: " + absolute.getFileName());
        }
        for (TorrentStore.Seeded s : seeded.values()) {
            if (s.file().equals(absolute) && s.size() == size && s.modified() == modified && s.metainfo().name().equals(name)
                    && s.stillMatches()) {
                progress.accept(1.0);
                return CompletableFuture.completedFuture(s.metainfo().toInfo());
            }
        }
        CompletableFuture<TorrentInfo> result = new CompletableFuture<>();
        CompletableFuture<TorrentInfo> already = hashing.putIfAbsent(absolute, result);
        if (already != null) {
            return already;
        }
        hashingCount.incrementAndGet();
        hasher.execute(() -> {
            try {
                Metainfo metainfo = Metainfo.hash(absolute, name, progress);
                TorrentStore.Seeded entry = new TorrentStore.Seeded(metainfo, absolute, size, modified);
                store.save(entry);
                seeded.put(metainfo.infoHash(), entry);
                forgetEarlierVersionsOf(absolute, metainfo.infoHash());
                LOG.info("Seeding {} ({}) as {}", name, absolute.getFileName(), metainfo.infoHash());
                result.complete(metainfo.toInfo());
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            } finally {
                hashing.remove(absolute, result);
                hashingCount.decrementAndGet();
            }
        });
        return result;
    }

    /** A changed file was hashed again: its older torrents go. */
    private void forgetEarlierVersionsOf(Path file, String current) {
        for (TorrentStore.Seeded s : List.copyOf(seeded.values())) {
            if (s.file().equals(file) && !s.metainfo().infoHash().equals(current)) {
                remove(s.metainfo().infoHash());
            }
        }
    }

    /**
     * Streamable copies this bundle made before the content library made them (data/p2pstack/torrent/streamable):
     * their torrents were dropped by {@link TorrentStore#load}, so the copies go too.
     */
    private static void deleteOldCopies(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.warn("Cannot delete the old streamable copies in {}: {}", dir, e.getMessage());
        }
    }

    @Override
    public void remove(String infoHash) {
        if (seeded.remove(infoHash) != null) {
            store.delete(infoHash);
        }
    }

    @Override
    public List<TorrentInfo> list() {
        return seeded.values().stream().map(s -> s.metainfo().toInfo()).sorted(Comparator.comparing(TorrentInfo::name))
                .toList();
    }

    @Override
    public Optional<TorrentInfo> find(String infoHash) {
        return seededEntry(infoHash).map(s -> s.metainfo().toInfo());
    }

    /** The torrent and its file, for the web seed; empty when unknown or when the file changed since. */
    Optional<TorrentStore.Seeded> seededEntry(String infoHash) {
        if (infoHash == null || !INFO_HASH.matcher(infoHash).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(seeded.get(infoHash)).filter(TorrentStore.Seeded::stillMatches);
    }

    @Override
    public Optional<byte[]> torrentFile(String infoHash, String baseUrl) {
        return seededEntry(infoHash).map(s -> s.metainfo().torrentFile(trackers(),
                List.of(TorrentUrls.below(baseUrl, TorrentUrls.webSeedPath(s.metainfo().toInfo()))), s.modified() / 1000));
    }

    @Override
    public Optional<String> magnet(String infoHash, String baseUrl) {
        return find(infoHash).map(info -> Magnet.of(info, trackers(), List.of(TorrentUrls.below(baseUrl, TorrentUrls.webSeedPath(info))),
                Optional.of(TorrentUrls.below(baseUrl, TorrentUrls.torrentFilePath(info.infoHash())))));
    }

    /**
     * Trackers announced in magnets and .torrent files: the node's own WebTorrent tracker on the private
     * site. Pages seen through I2P do not use trackers (web seed only), so no public tracker is named.
     */
    List<String> trackers() {
        return List.of("ws://127.0.0.1:" + environment.privatePort() + "/tracker");
    }

    @Override
    public String stackName() {
        return "torrent";
    }

    @Override
    public StackStatus status() {
        int busy = hashingCount.get();
        String message = busy > 0 ? "Preparing " + busy + (busy == 1 ? " video" : " videos") + " for streaming…"
                : "Streaming " + seeded.size() + (seeded.size() == 1 ? " file" : " files");
        return new StackStatus("torrent", StackState.RUNNING, message,
                Map.of("torrents", seeded.size(), "hashing", busy));
    }
}
