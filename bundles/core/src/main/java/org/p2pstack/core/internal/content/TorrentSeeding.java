package org.p2pstack.core.internal.content;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.p2pstack.api.content.ContentEvent;
import org.p2pstack.api.content.ContentItem;
import org.p2pstack.api.content.ContentLibrary;
import org.p2pstack.api.content.ContentListener;
import org.p2pstack.api.i2p.I2pDestination;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.torrent.TorrentInfo;
import org.p2pstack.api.torrent.TorrentService;
import org.p2pstack.core.internal.events.EventHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * Every video in the shared folder becomes a torrent: published, recorded or dropped by hand. Hashing runs in
 * the torrent stack's background thread; its progress reaches the pages as {@code torrent} events, and the
 * item's JSON carries the torrent (info hash, web seed, magnet) once it is ready. The torrent stack keeps its
 * records across restarts, so a restart does not hash again. (An upload was made streamable by the content
 * store before its checksum was written; for a file dropped by hand the torrent stack makes its own copy.)
 */
@Component(service = TorrentSeeding.class, immediate = true)
public final class TorrentSeeding implements ContentListener {

    /** Pages hear about hashing progress at most this often per item. */
    static final long PROGRESS_EVERY_MILLIS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(TorrentSeeding.class);

    /** Where an item's torrent stands. */
    record State(String infoHash, double progress, String error) {
        String phase() {
            return error != null ? "failed" : infoHash != null ? "ready" : "hashing";
        }
    }

    private final EventHub hub;
    private final NodeEnvironment environment;
    private final Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private final Map<String, State> states = new ConcurrentHashMap<>(); // item id -> state
    private volatile TorrentService torrents;
    private volatile I2pService i2p;
    private final ContentLibrary library;
    private final ServiceRegistration<ContentListener> listening;

    /**
     * Registers itself as a {@link ContentListener} once it is built: as a declared service it would be bound
     * by the library while the library activates, and its reference back to the library would be a cycle.
     */
    @Activate
    public TorrentSeeding(@Reference ContentLibrary library, @Reference EventHub hub, @Reference NodeEnvironment environment,
            BundleContext context) {
        this.library = library;
        this.hub = hub;
        this.environment = environment;
        this.listening = context.registerService(ContentListener.class, this, null);
        library.list().forEach(this::seed);
    }

    @Deactivate
    void stop() {
        listening.unregister();
    }

    private boolean exists(String id) {
        return library.get(id).isPresent();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTorrents(TorrentService service) {
        torrents = service;
        // the torrent stack may start after the library: catch up with what is already there
        library.list().forEach(this::seed);
    }

    void unbindTorrents(TorrentService service) {
        if (torrents == service) {
            torrents = null;
            states.clear();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindI2p(I2pService service) {
        i2p = service;
    }

    void unbindI2p(I2pService service) {
        if (i2p == service) {
            i2p = null;
        }
    }

    @Override
    public void contentChanged(ContentEvent event) {
        ContentItem item = event.item();
        if (event.type() == ContentEvent.Type.REMOVED) {
            State old = states.remove(item.id());
            TorrentService service = torrents;
            if (old != null && old.infoHash() != null && service != null) {
                service.remove(old.infoHash());
            }
            return;
        }
        seed(item);
    }

    private void seed(ContentItem item) {
        TorrentService service = torrents;
        Optional<Path> file = library.mediaFile(item.id());
        if (item.kind() != ContentItem.Kind.VIDEO || service == null || file.isEmpty()) {
            return;
        }
        State before = states.get(item.id());
        long[] lastSent = { 0 };
        try {
            service.seed(file.get(), item.fileName(), progress -> {
                long now = System.currentTimeMillis();
                if (progress < 1 && now - lastSent[0] < PROGRESS_EVERY_MILLIS) {
                    return;
                }
                lastSent[0] = now;
                State known = states.get(item.id());
                if (known == null || known.infoHash() == null) {
                    update(item.id(), new State(null, progress, null));
                }
            }).whenComplete((info, error) -> finished(item, before, info, error));
        } catch (IOException e) {
            update(item.id(), new State(null, 0, e.getMessage()));
        }
    }

    private void finished(ContentItem item, State before, TorrentInfo info, Throwable error) {
        if (!exists(item.id())) {
            return; // deleted while it was being hashed
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            LOG.warn("Could not make a torrent of {}: {}", item.fileName(), cause.getMessage());
            update(item.id(), new State(null, 0, "This video cannot be shared as a torrent: " + cause.getMessage()));
            return;
        }
        TorrentService service = torrents;
        if (before != null && before.infoHash() != null && !before.infoHash().equals(info.infoHash()) && service != null) {
            service.remove(before.infoHash()); // the file changed: its old torrent describes bytes that are gone
        }
        update(item.id(), new State(info.infoHash(), 1, null));
    }

    private void update(String id, State state) {
        if (!exists(id)) {
            return;
        }
        State old = states.put(id, state);
        if (!state.equals(old)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", id);
            data.put("torrent", json(state));
            hub.broadcast(new EventHub.Message("torrent", gson.toJson(data)));
        }
    }

    /** The torrent part of an item's JSON, or null when the item is no video or there is no torrent stack. */
    public Map<String, Object> json(String itemId) {
        State state = states.get(itemId);
        return state == null ? null : json(state);
    }

    private Map<String, Object> json(State state) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("state", state.phase());
        json.put("progress", Math.round(state.progress() * 1000) / 1000.0);
        json.put("error", state.error());
        TorrentService service = torrents;
        Optional<TorrentInfo> info = state.infoHash() == null || service == null ? Optional.empty() : service.find(state.infoHash());
        if (info.isPresent()) {
            String hash = info.get().infoHash();
            json.put("infoHash", hash);
            json.put("name", info.get().name());
            json.put("length", info.get().length());
            json.put("pieceLength", info.get().pieceLength());
            json.put("torrentUrl", "/torrents/" + hash + ".torrent");
            json.put("webSeedUrl", webSeedPath(info.get()));
            json.put("magnet", service.magnet(hash, "http://127.0.0.1:" + environment.privatePort()).orElse(null));
            json.put("visitorMagnet", visitorBase().flatMap(base -> service.magnet(hash, base)).orElse(null));
        }
        return json;
    }

    /**
     * The web seed of an item's torrent on either site ({@code /webseed/<info hash>/<name>}), once it is ready:
     * the public page plays from it with plain HTTP ranges (visitors never use WebRTC).
     */
    public Optional<String> webSeedPath(String itemId) {
        State state = states.get(itemId);
        TorrentService service = torrents;
        if (state == null || state.infoHash() == null || service == null) {
            return Optional.empty();
        }
        return service.find(state.infoHash()).map(TorrentSeeding::webSeedPath);
    }

    /** BEP 19 single-file web seed path: the full file URL, ending in the file name. */
    static String webSeedPath(TorrentInfo info) {
        return "/webseed/" + info.infoHash() + "/"
                + java.net.URLEncoder.encode(info.name(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code http://<b32>.b32.i2p} once the node has its I2P address: what friends' browsers reach. */
    private Optional<String> visitorBase() {
        I2pService service = i2p;
        return service == null ? Optional.empty() : service.ownDestination().map(I2pDestination::b32).map(b32 -> "http://" + b32);
    }
}
