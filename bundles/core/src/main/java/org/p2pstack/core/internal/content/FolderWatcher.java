package org.p2pstack.core.internal.content;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the shared folder for files added or removed by hand. Events for one name are debounced (a file
 * being copied in produces many), then handed to {@code onChange} on a single worker thread; an overflow of
 * the event queue triggers a full rescan.
 */
public final class FolderWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);

    private final Path folder;
    private final long quietMillis;
    private final Consumer<String> onChange;
    private final Runnable onOverflow;
    private final WatchService watchService;
    private final ScheduledExecutorService worker;
    private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    private final Thread thread;

    public FolderWatcher(Path folder, long quietMillis, Consumer<String> onChange, Runnable onOverflow) throws IOException {
        this.folder = folder;
        this.quietMillis = quietMillis;
        this.onChange = onChange;
        this.onOverflow = onOverflow;
        this.watchService = FileSystems.getDefault().newWatchService();
        folder.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "p2pstack-shared-folder");
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::loop, "p2pstack-shared-folder-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watchService.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        worker.execute(safely(onOverflow));
                        continue;
                    }
                    String name = ((Path) event.context()).getFileName().toString();
                    if (name.startsWith(".")) {
                        continue; // our temp folder and hidden files
                    }
                    schedule(name);
                }
                if (!key.reset()) {
                    LOG.warn("The shared folder {} can no longer be watched (was it removed?)", folder);
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    private void schedule(String name) {
        pending.compute(name, (n, previous) -> {
            if (previous != null) {
                previous.cancel(false);
            }
            return worker.schedule(safely(() -> {
                pending.remove(n);
                onChange.accept(n);
            }), quietMillis, TimeUnit.MILLISECONDS);
        });
    }

    private static Runnable safely(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Shared folder update failed", e);
            }
        };
    }

    @Override
    public void close() {
        try {
            watchService.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        thread.interrupt();
        worker.shutdownNow();
    }
}
