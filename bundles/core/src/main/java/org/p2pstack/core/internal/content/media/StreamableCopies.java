package org.p2pstack.core.internal.content.media;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streamable copies of videos the user put in the shared folder. The user's file is never written; when its
 * index is not where a player streaming it needs it, the torrent and the web seed use a rewritten copy kept
 * here, in the node's data folder. A copy is named after its source's path, size and modification time, so a
 * restart finds it again and a changed source gets a new one.
 */
public final class StreamableCopies {

    private static final Logger LOG = LoggerFactory.getLogger(StreamableCopies.class);
    private static final String SUFFIX = ".video";

    /** Writes a streamable form of {@code source} to {@code target}; false when the source already is one. */
    @FunctionalInterface
    public interface Rewriter {
        boolean rewrite(Path source, Path target) throws IOException;
    }

    private final Path dir;

    public StreamableCopies(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /**
     * The file to stream for {@code source}: the source itself when it is already streamable or no MP4/WebM,
     * else its streamable copy (made now unless it is already here). A damaged video, or one whose copy cannot
     * be written, is streamed as it is.
     */
    public Path fileFor(Path source) throws IOException {
        Path absolute = source.toAbsolutePath().normalize();
        long size = Files.size(absolute);
        long modified = Files.getLastModifiedTime(absolute).toMillis();
        try {
            return copyOf(absolute, size, modified, StreamableVideo::rewrite).orElse(absolute);
        } catch (IOException damaged) {
            LOG.info("{} is streamed as it is: it cannot be made streamable ({})", source.getFileName(), damaged.getMessage());
            return absolute;
        }
    }

    /** Whether {@code file} is one of the copies kept here. */
    public boolean holds(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return dir.equals(parent);
    }

    /**
     * The streamable copy of {@code source}, made now unless an earlier one is still there; empty when the
     * source needs none.
     *
     * @throws IOException when the source is damaged or the copy cannot be written (no partial copy is left)
     */
    public Optional<Path> copyOf(Path source, long size, long modified, Rewriter rewriter) throws IOException {
        Path copy = dir.resolve(key(source, size, modified) + SUFFIX);
        if (Files.isRegularFile(copy)) {
            return Optional.of(copy);
        }
        Files.createDirectories(dir);
        Path temp = dir.resolve(UUID.randomUUID() + ".tmp");
        try {
            if (!rewriter.rewrite(source, temp)) {
                return Optional.empty();
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("Made a streamable copy of {} ({} bytes in {})", source.getFileName(), Files.size(copy), dir);
            return Optional.of(copy);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Deletes a copy made here; any other path (the user's own file) is left alone. */
    public void delete(Path copy) {
        if (!holds(copy)) {
            return;
        }
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            LOG.warn("Cannot delete the streamable copy {}: {}", copy.getFileName(), e.getMessage());
        }
    }

    /**
     * Deletes the copies of files that are gone or changed (a copy is kept only while its source has the size
     * and time it was made from), and temporary files a crash left behind.
     */
    public void keepOnlyCopiesOf(Collection<Path> sources) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        java.util.Set<Path> keep = new java.util.HashSet<>();
        for (Path source : sources) {
            Path absolute = source.toAbsolutePath().normalize();
            try {
                keep.add(dir.resolve(key(absolute, Files.size(absolute), Files.getLastModifiedTime(absolute).toMillis()) + SUFFIX));
            } catch (IOException gone) {
                // its copy goes too
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (!keep.contains(file.toAbsolutePath().normalize())) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot tidy the streamable copies in {}: {}", dir, e.getMessage());
        }
    }

    private static String key(Path source, long size, long modified) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((source + "\n" + size + "\n" + modified).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
