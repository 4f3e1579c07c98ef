package org.p2pstack.util.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Writes files so that a crash leaves either the old or the new content: temp file, fsync, rename, fsync dir. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Atomically replaces {@code target} with {@code bytes}, staging in {@code tempDir} (same file system). */
    public static void write(Path target, byte[] bytes, Path tempDir) throws IOException {
        write(target, new ByteArrayInputStream(bytes), tempDir);
    }

    /**
     * Atomically puts everything {@code in} holds at {@code target}, staging in {@code tempDir} (same file system): when
     * reading fails part-way (a peer gone, a disk full), {@code target} is as it was and no part-file is left behind.
     * Returns the bytes written.
     */
    public static long write(Path target, InputStream in, Path tempDir) throws IOException {
        Files.createDirectories(tempDir);
        Path temp = tempDir.resolve(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            long written;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                written = in.transferTo(Channels.newOutputStream(channel));
                channel.force(true);
            }
            move(temp, target);
            return written;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Renames {@code from} over {@code to} atomically, then makes the directory entry durable. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(to.toAbsolutePath().getParent());
    }

    /** fsync of a directory, so that a rename in it survives a power cut (a no-op where unsupported). */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // Windows cannot open directories; its renames are durable once MoveFileEx returns
        }
    }
}
