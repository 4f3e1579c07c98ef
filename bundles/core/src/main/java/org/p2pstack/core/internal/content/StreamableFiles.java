package org.p2pstack.core.internal.content;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import org.p2pstack.core.internal.content.media.StreamableCopies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file each video item is streamed (and seeded) from: its media file, or for a video dropped by hand whose
 * index is not where a streaming player needs it, a streamable copy in the node's data folder. Copies are made
 * one at a time on their own thread (each reads and writes a whole video), kept across restarts, replaced when
 * the user's file changes and deleted with the item.
 */
final class StreamableFiles {

    private static final Logger LOG = LoggerFactory.getLogger(StreamableFiles.class);

    private final StreamableCopies copies;
    private final Map<String, Path> copyOfItem = new ConcurrentHashMap<>(); // item id -> its copy
    // one thread: copies are disk-bound, and every change to copyOfItem happens on it
    private final ExecutorService copier = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "p2pstack-streamable-copies");
        thread.setDaemon(true);
        return thread;
    });

    StreamableFiles(Path dir) {
        this.copies = new StreamableCopies(dir);
    }

    /**
     * The file to stream for item {@code id} whose media file is {@code media}; empty when the item went
     * ({@code stillThere} says no) while its copy was being made.
     */
    CompletableFuture<Optional<Path>> fileFor(String id, Path media, BooleanSupplier stillThere) {
        return CompletableFuture.supplyAsync(() -> {
            Path file;
            try {
                file = copies.fileFor(media);
            } catch (IOException e) {
                LOG.info("{} is streamed as it is ({})", media.getFileName(), e.getMessage());
                file = media;
            }
            Path earlier = file.equals(media) ? copyOfItem.remove(id) : copyOfItem.put(id, file);
            if (earlier != null && !earlier.equals(file)) {
                copies.delete(earlier); // the user changed the file: the old copy shows bytes that are gone
            }
            if (!stillThere.getAsBoolean()) {
                forgetNow(id);
                return Optional.empty();
            }
            return Optional.of(file);
        }, copier);
    }

    /** The item is gone: so is its copy. */
    void forget(String id) {
        copier.execute(() -> forgetNow(id));
    }

    private void forgetNow(String id) {
        Path copy = copyOfItem.remove(id);
        if (copy != null) {
            copies.delete(copy);
        }
    }

    /** At start: copies of files that are gone or changed, and what a crash left, are deleted. */
    void keepOnlyCopiesOf(List<Path> mediaFiles) {
        copier.execute(() -> copies.keepOnlyCopiesOf(mediaFiles));
    }

    void close() {
        copier.shutdownNow();
    }
}
