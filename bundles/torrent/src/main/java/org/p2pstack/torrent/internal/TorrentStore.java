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
 * Remembers hashed torrents across restarts: one small bencoded record per torrent (its info dictionary, and
 * the file the web seed serves with that file's size and modification time), written atomically. A record whose
 * file changed or vanished is not used, so a changed file is hashed again.
 */
final class TorrentStore {

    private static final Logger LOG = LoggerFactory.getLogger(TorrentStore.class);
    private static final String SUFFIX = ".torrent-record";

    /** A torrent and the file it describes and the web seed serves, as that file was when it was hashed. */
    record Seeded(Metainfo metainfo, Path file, long size, long modified) {
        boolean stillMatches() {
            try {
                return Files.size(file) == size && Files.getLastModifiedTime(file).toMillis() == modified;
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
                    // a record whose "source" differs served a copy this bundle once made itself: the content
                    // library makes those copies now, and its copy is hashed again
                    boolean ownCopy = record.containsKey("source") && !path(record.get("source")).equals(served);
                    Seeded seeded = new Seeded(Metainfo.fromInfo((Map<?, ?>) record.get("info")), served,
                            (Long) record.get("size"), (Long) record.get("modified"));
                    if (!ownCopy && seeded.stillMatches()) {
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
