package org.p2pstack.core.internal.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.p2pstack.api.content.ContentEvent;
import org.p2pstack.api.content.ContentException;
import org.p2pstack.api.content.ContentItem;
import org.p2pstack.api.content.ContentLibrary;
import org.p2pstack.api.content.ContentListener;
import org.p2pstack.api.node.NodeEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ContentLibrary} service: the shared folder, its watcher, events to every listener, and the
 * streamable copies of videos dropped by hand (in {@code data/p2pstack/content/streamable}).
 */
// REQUIRE: activating on defaults before etc/org.p2pstack.core.cfg arrives would index the wrong folder for a moment
@Component(service = ContentLibrary.class, configurationPid = ContentConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class ContentLibraryImpl implements ContentLibrary {

    /** System property that overrides the configured folder (tests, portable installs). */
    static final String FOLDER_PROPERTY = "p2pstack.shared.folder";
    private static final Logger LOG = LoggerFactory.getLogger(ContentLibraryImpl.class);

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "p2pstack-content-events");
        t.setDaemon(true);
        return t;
    });
    private final ContentStore store;
    private final FolderWatcher watcher;
    private final StreamableFiles streamable;

    @Activate
    public ContentLibraryImpl(ContentConfig config, @Reference NodeEnvironment environment) {
        Path folder = resolveFolder(System.getProperty(FOLDER_PROPERTY, config.sharedFolder()));
        long maxBytes = Math.max(1, config.maxUploadMegabytes()) * 1024 * 1024;
        this.streamable = new StreamableFiles(environment.dataDir("content").resolve("streamable"));
        this.store = new ContentStore(folder, maxBytes, this::publish, this::publishProblems, Clock.systemUTC());
        FolderWatcher started = null;
        try {
            store.rebuild();
            streamable.keepOnlyCopiesOf(store.list().stream().map(item -> store.folder().resolve(item.fileName())).toList());
            started = new FolderWatcher(store.folder(), Math.max(0, config.watchQuietMillis()), store::reconcile, () -> {
                try {
                    store.rebuild();
                } catch (IOException e) {
                    LOG.warn("Rescanning the shared folder failed", e);
                }
            });
            LOG.info("Shared folder {}: {} items", store.folder(), store.list().size());
        } catch (IOException | UncheckedIOException e) {
            // stay up, so that the page can say what is wrong instead of failing as a whole
            LOG.error("Cannot use the shared folder {}", folder, e);
            store.reportFolderProblem("Your shared folder " + folder + " cannot be used (" + e.getMessage()
                    + "). Check that it exists and that you may write in it, or choose another one as sharedFolder in etc/org.p2pstack.core.cfg.");
        }
        this.watcher = started;
    }

    @Deactivate
    void deactivate() {
        if (watcher != null) {
            watcher.close();
        }
        delivery.shutdown();
        streamable.close();
        store.close();
        listeners.forEach(Listener::release);
    }

    /**
     * A listener service, fetched when the first event reaches it: a listener that uses the library (the
     * torrent stack's) could not be built while the library itself is being built.
     */
    private static final class Listener {
        final ComponentServiceObjects<ContentListener> objects;
        private ContentListener service;

        Listener(ComponentServiceObjects<ContentListener> objects) {
            this.objects = objects;
        }

        synchronized ContentListener get() {
            if (service == null) {
                service = objects.getService();
            }
            return service;
        }

        synchronized void release() {
            if (service != null) {
                objects.ungetService(service);
                service = null;
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(ComponentServiceObjects<ContentListener> listener) {
        listeners.add(new Listener(listener));
    }

    void removeListener(ComponentServiceObjects<ContentListener> listener) {
        for (Listener known : listeners) {
            if (known.objects.equals(listener)) {
                listeners.remove(known);
                known.release();
            }
        }
    }

    private void publish(ContentEvent event) {
        if (event.type() == ContentEvent.Type.REMOVED) {
            streamable.forget(event.item().id());
        }
        deliver(listener -> listener.contentChanged(event));
    }

    private void publishProblems(List<String> problems) {
        deliver(listener -> listener.problemsChanged(problems));
    }

    private void deliver(java.util.function.Consumer<ContentListener> call) {
        delivery.execute(() -> {
            for (Listener listener : listeners) {
                try {
                    ContentListener service = listener.get();
                    if (service != null) {
                        call.accept(service);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("A content listener failed", e);
                }
            }
        });
    }

    static Path resolveFolder(String configured) {
        String value = configured == null || configured.isBlank() ? "~/P2PStack/Shared" : configured.strip();
        if (value.equals("~") || value.startsWith("~/") || value.startsWith("~\\")) {
            value = System.getProperty("user.home") + value.substring(1);
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    @Override
    public Path folder() {
        return store.folder();
    }

    @Override
    public long maxUploadBytes() {
        return store.maxBytes();
    }

    @Override
    public List<ContentItem> list() {
        return store.list();
    }

    @Override
    public Optional<ContentItem> get(String id) {
        return store.get(id);
    }

    @Override
    public Optional<Path> mediaFile(String id) {
        return store.mediaFile(id);
    }

    @Override
    public CompletableFuture<Optional<Path>> streamableFile(String id) {
        Optional<ContentItem> item = store.get(id);
        Optional<Path> media = store.mediaFile(id);
        if (item.isEmpty() || media.isEmpty() || item.get().kind() != ContentItem.Kind.VIDEO) {
            return CompletableFuture.completedFuture(media);
        }
        return streamable.fileFor(id, media.get(), () -> store.get(id).isPresent());
    }

    @Override
    public Optional<Thumbnail> thumbnail(String id) {
        return store.thumbnail(id);
    }

    @Override
    public ContentItem add(InputStream data, String fileName, String description, Thumbnail thumbnail)
            throws ContentException {
        return store.add(data, fileName, description, thumbnail);
    }

    @Override
    public boolean remove(String id) {
        return store.remove(id);
    }

    @Override
    public List<String> problems() {
        return store.problems();
    }
}
