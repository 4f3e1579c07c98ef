package org.p2pstack.torrent.internal.seeding;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.p2pstack.api.content.ContentEvent;
import org.p2pstack.api.content.ContentItem;
import org.p2pstack.api.content.ContentItemParts;
import org.p2pstack.api.content.ContentLibrary;
import org.p2pstack.api.content.ContentListener;
import org.p2pstack.api.events.PageEvents;
import org.p2pstack.api.i2p.I2pDestination;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.torrent.TorrentInfo;
import org.p2pstack.api.torrent.TorrentService;
import org.p2pstack.torrent.internal.TorrentUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every video in the shared folder becomes a torrent: published, recorded or dropped by hand. The file seeded is
 * the one the content library names for streaming (for a video dropped by hand, possibly its streamable copy).
 * Hashing runs in the torrent stack's background thread; its progress reaches the pages as {@code torrent}
 * events, and each item's description carries its torrent (info hash, web seed, magnets) once it is ready:
 * {@code torrent} for the owner, {@code webSeedUrl} for visitors. The torrent stack keeps its records across
 * restarts, so a restart does not hash again.
 */
@Component(service = { ContentListener.class, ContentItemParts.class }, immediate = true)
public final class TorrentSeeding implements ContentListener, ContentItemParts {

    /** Pages hear about hashing progress at most this often per item. */
    static final long PROGRESS_EVERY_MILLIS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(TorrentSeeding.class);

    /** Where an item's torrent stands. */
    record State(String infoHash, double progress, String error) {
        String phase() {
            return error != null ? "failed" : infoHash != null ? "ready" : "hashing";
        }
    }

    private final ContentLibrary library;
    private final TorrentService torrents;
    private final PageEvents pages;
    private final NodeEnvironment environment;
    private final Map<String, State> states = new ConcurrentHashMap<>(); // item id -> state
    private volatile I2pService i2p;

    @Activate
    public TorrentSeeding(@Reference ContentLibrary library, @Reference TorrentService torrents, @Reference PageEvents pages,
            @Reference NodeEnvironment environment) {
        this.library = library;
        this.torrents = torrents;
        this.pages = pages;
        this.environment = environment;
        // what is already in the folder: a restart finds its torrents without hashing again
        library.list().forEach(this::seed);
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
            if (old != null && old.infoHash() != null) {
                torrents.remove(old.infoHash());
            }
            return;
        }
        seed(item);
    }

    private boolean exists(String id) {
        return library.get(id).isPresent();
    }

    private void seed(ContentItem item) {
        if (item.kind() != ContentItem.Kind.VIDEO) {
            return;
        }
        State before = states.get(item.id());
        library.streamableFile(item.id()).whenComplete((file, error) -> {
            if (error != null) {
                finished(item, before, null, error);
            } else if (file.isPresent()) {
                hash(item, before, file.get());
            }
        });
    }

    private void hash(ContentItem item, State before, Path file) {
        long[] lastSent = { 0 };
        try {
            torrents.seed(file, item.fileName(), progress -> {
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
        if (before != null && before.infoHash() != null && !before.infoHash().equals(info.infoHash())) {
            torrents.remove(before.infoHash()); // the file changed: its old torrent describes bytes that are gone
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
            pages.publish("torrent", data);
        }
    }

    /** {@code torrent} for the owner's pages, {@code webSeedUrl} for visitors; null while there is none. */
    @Override
    public Map<String, Object> parts(ContentItem item, Audience audience) {
        if (audience == Audience.OWNER) {
            return Collections.singletonMap("torrent", json(item.id()));
        }
        // visitors play from the web seed with plain HTTP ranges: never WebRTC, which would show their address
        return Collections.singletonMap("webSeedUrl", webSeedPath(item.id()).orElse(null));
    }

    /** The torrent part of an item's JSON, or null when the item is no video or is not hashed yet. */
    Map<String, Object> json(String itemId) {
        State state = states.get(itemId);
        return state == null ? null : json(state);
    }

    private Map<String, Object> json(State state) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("state", state.phase());
        json.put("progress", Math.round(state.progress() * 1000) / 1000.0);
        json.put("error", state.error());
        Optional<TorrentInfo> info = state.infoHash() == null ? Optional.empty() : torrents.find(state.infoHash());
        if (info.isPresent()) {
            String hash = info.get().infoHash();
            json.put("infoHash", hash);
            json.put("name", info.get().name());
            json.put("length", info.get().length());
            json.put("pieceLength", info.get().pieceLength());
            json.put("torrentUrl", TorrentUrls.torrentFilePath(hash));
            json.put("webSeedUrl", TorrentUrls.webSeedPath(info.get()));
            json.put("magnet", torrents.magnet(hash, "http://127.0.0.1:" + environment.privatePort()).orElse(null));
            json.put("visitorMagnet", visitorBase().flatMap(base -> torrents.magnet(hash, base)).orElse(null));
        }
        return json;
    }

    /** The web seed of an item's torrent on either site, once it is ready. */
    Optional<String> webSeedPath(String itemId) {
        State state = states.get(itemId);
        if (state == null || state.infoHash() == null) {
            return Optional.empty();
        }
        return torrents.find(state.infoHash()).map(TorrentUrls::webSeedPath);
    }

    /** {@code http://<b32>.b32.i2p} once the node has its I2P address: what friends' browsers reach. */
    private Optional<String> visitorBase() {
        I2pService service = i2p;
        return service == null ? Optional.empty() : service.ownDestination().map(I2pDestination::b32).map(b32 -> "http://" + b32);
    }
}
