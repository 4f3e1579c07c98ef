package org.p2pstack.torrent.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers hashed torrents across restarts: one small bencoded record per torrent (its info dictionary,
 * the file it was made from with that file's size and modification time, and the file the web seed serves),
 * written atomically. A record whose source changed or vanished is not used, so a changed file is hashed
 * again.
 */
final class TorrentStore {

    private static final Logger LOG = LoggerFactory.getLogger(TorrentStore.class);
    private static final String SUFFIX = ".torrent-record";

    /**
     * A torrent, the file it was made from ({@code source}, as the user left it) and the file it describes and
     * the web seed serves ({@code file}): the source itself, or a streamable copy in the node's data folder.
     */
    record Seeded(Metainfo metainfo, Path file, Path source, long size, long modified) {
        Seeded(Metainfo metainfo, Path file, long size, long modified) {
            this(metainfo, file, file, size, modified);
        }

        boolean isCopy() {
            return !file.equals(source);
        }

        boolean stillMatches() {
            try {
                return Files.size(source) == size && Files.getLastModifiedTime(source).toMillis() == modified
                        && (!isCopy() || Files.size(file) == metainfo.length());
            } catch (IOException gone) {
                return false;
            }
        }
    }

    private final Path dir;

    TorrentStore(Path dir) {
        this.dir = dir;
    }

    List<Seeded> load() {
        List<Seeded> records = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                try {
                    Map<?, ?> record = (Map<?, ?>) Bencode.decode(Files.readAllBytes(file));
                    Path served = path(record.get("file"));
                    // records from before streamable copies have no source: the file served is the source
                    Path source = record.containsKey("source") ? path(record.get("source")) : served;
                    Seeded seeded = new Seeded(Metainfo.fromInfo((Map<?, ?>) record.get("info")), served, source,
                            (Long) record.get("size"), (Long) record.get("modified"));
                    if (seeded.stillMatches()) {
                        records.add(seeded);
                    } else {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException | Bencode.BencodeException | RuntimeException e) {
                    LOG.warn("Ignoring damaged torrent record {}: {}", file.getFileName(), e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot read torrent records in {}: {}", dir, e.getMessage());
        }
        return records;
    }

    private static Path path(Object bencoded) {
        return Path.of(new String((byte[]) bencoded, java.nio.charset.StandardCharsets.UTF_8));
    }

    void save(Seeded seeded) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("info", seeded.metainfo().info());
        record.put("file", seeded.file().toString());
        record.put("source", seeded.source().toString());
        record.put("size", seeded.size());
        record.put("modified", seeded.modified());
        Path target = dir.resolve(seeded.metainfo().infoHash() + SUFFIX);
        Path tmp = dir.resolve(seeded.metainfo().infoHash() + SUFFIX + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(Bencode.encode(record)));
            channel.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void delete(String infoHash) {
        try {
            Files.deleteIfExists(dir.resolve(infoHash + SUFFIX));
        } catch (IOException e) {
            LOG.warn("Cannot delete the torrent record {}: {}", infoHash, e.getMessage());
        }
    }
}
