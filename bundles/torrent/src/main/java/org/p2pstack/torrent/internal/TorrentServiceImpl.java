package org.p2pstack.torrent.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
import org.p2pstack.torrent.internal.media.Mp4FastStart;
import org.p2pstack.torrent.internal.media.WebmCues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hashes files into torrents in the background, remembers them, and knows what the web seed serves. */
@Component(service = { TorrentService.class, StackStatusProvider.class, TorrentServiceImpl.class })
public final class TorrentServiceImpl implements TorrentService, StackStatusProvider {

    private static final Logger LOG = LoggerFactory.getLogger(TorrentServiceImpl.class);
    static final Pattern INFO_HASH = Pattern.compile("[0-9a-f]{40}");
    /** Path of the web seed on both sites (the public site serves it as /webseed/... too). */
    static final String WEB_SEED_PATH = "/webseed/";
    /** Path of the .torrent files on both sites. */
    static final String TORRENT_FILE_PATH = "/torrents/";

    private final NodeEnvironment environment;
    private final TorrentStore store;
    private final StreamableCopies copies;
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
        this.copies = new StreamableCopies(dir.resolve("streamable"));
        store.load().forEach(s -> seeded.put(s.metainfo().infoHash(), s));
        copies.keepOnly(seeded.values().stream().map(TorrentStore.Seeded::file).toList());
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
            if (s.source().equals(absolute) && s.size() == size && s.modified() == modified && s.metainfo().name().equals(name)
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
                // the user's file is only read: a video that cannot play while it arrives is served from a copy
                Path served = streamableFileFor(absolute, size, modified);
                Metainfo metainfo = Metainfo.hash(served, name, progress);
                TorrentStore.Seeded entry = new TorrentStore.Seeded(metainfo, served, absolute, size, modified);
                store.save(entry);
                seeded.put(metainfo.infoHash(), entry);
                forgetEarlierVersionsOf(absolute, metainfo.infoHash());
                LOG.info("Seeding {} as {}{}", absolute.getFileName(), metainfo.infoHash(),
                        entry.isCopy() ? " (from a streamable copy)" : "");
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

    /**
     * The file to hash and serve for {@code source}: the source itself when it is already streamable or not a
     * video, else a streamable copy made in the node's data folder. A damaged video is served as it is.
     */
    private Path streamableFileFor(Path source, long size, long modified) throws IOException {
        Container container = sniff(source);
        if (container == Container.OTHER) {
            return source;
        }
        try {
            return copies.copyOf(source, size, modified,
                    (from, to) -> container == Container.MP4 ? Mp4FastStart.rewrite(from, to) : WebmCues.rewrite(from, to))
                    .orElse(source);
        } catch (IOException damaged) {
            LOG.info("{} is shared as it is: it cannot be made streamable ({})", source.getFileName(), damaged.getMessage());
            return source;
        }
    }

    /** A changed file was hashed again: its older torrents (and their copies) go. */
    private void forgetEarlierVersionsOf(Path source, String current) {
        for (TorrentStore.Seeded s : List.copyOf(seeded.values())) {
            if (s.source().equals(source) && !s.metainfo().infoHash().equals(current)) {
                remove(s.metainfo().infoHash());
            }
        }
    }

    @Override
    public boolean prepareForStreaming(Path file) throws IOException {
        // recognised from the bytes, not the name: uploads are prepared while still named <uuid>.part
        Container container = sniff(file);
        if (container == Container.OTHER) {
            return false;
        }
        Path temp = file.resolveSibling("." + file.getFileName() + ".streamable.tmp");
        try {
            // MP4: index in front of the media; WebM from MediaRecorder: duration, cues and known sizes
            if (!(container == Container.MP4 ? Mp4FastStart.rewrite(file, temp) : WebmCues.rewrite(file, temp))) {
                return false;
            }
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Made {} streamable (seekable before it has fully arrived)", file.getFileName());
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    enum Container { MP4, WEBM, OTHER }

    /** ISO BMFF files start with an {@code ftyp} box; WebM (Matroska) with the EBML magic number. */
    static Container sniff(Path file) throws IOException {
        byte[] head = new byte[12];
        int n;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 12 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
            return Container.MP4;
        }
        if (n >= 4 && (head[0] & 0xff) == 0x1a && (head[1] & 0xff) == 0x45 && (head[2] & 0xff) == 0xdf && (head[3] & 0xff) == 0xa3) {
            return Container.WEBM;
        }
        return Container.OTHER;
    }

    @Override
    public void remove(String infoHash) {
        TorrentStore.Seeded gone = seeded.remove(infoHash);
        if (gone != null) {
            store.delete(infoHash);
            // copies are named by the source's path, size and time: another name for it may share one
            if (gone.isCopy() && seeded.values().stream().noneMatch(s -> s.file().equals(gone.file()))) {
                copies.delete(gone.file());
            }
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
                List.of(webSeed(baseUrl, s.metainfo().toInfo())), s.modified() / 1000));
    }

    @Override
    public Optional<String> magnet(String infoHash, String baseUrl) {
        return find(infoHash).map(info -> Magnet.of(info, trackers(), List.of(webSeed(baseUrl, info)),
                Optional.of(trimmed(baseUrl) + TORRENT_FILE_PATH + info.infoHash() + ".torrent")));
    }

    /**
     * Trackers announced in magnets and .torrent files: the node's own WebTorrent tracker on the private
     * site. Pages seen through I2P do not use trackers (web seed only), so no public tracker is named.
     */
    List<String> trackers() {
        return List.of("ws://127.0.0.1:" + environment.privatePort() + "/tracker");
    }

    /** BEP 19 single-file web seed: the full file URL, ending in the file name. */
    static String webSeed(String base, TorrentInfo info) {
        return trimmed(base) + WEB_SEED_PATH + info.infoHash() + "/"
                + URLEncoder.encode(info.name(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String trimmed(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
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
