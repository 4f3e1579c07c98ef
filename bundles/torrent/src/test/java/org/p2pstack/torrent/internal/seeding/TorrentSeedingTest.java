package org.p2pstack.torrent.internal.seeding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleConsumer;

import org.junit.jupiter.api.Test;
import org.p2pstack.api.content.ContentEvent;
import org.p2pstack.api.content.ContentItem;
import org.p2pstack.api.content.ContentItemParts.Audience;
import org.p2pstack.api.content.ContentLibrary;
import org.p2pstack.api.events.PageEvents;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.torrent.TorrentInfo;
import org.p2pstack.api.torrent.TorrentService;

class TorrentSeedingTest {

    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";

    private final Map<String, ContentItem> items = new ConcurrentHashMap<>();
    private final List<String> removed = new ArrayList<>();
    private final Map<String, CompletableFuture<TorrentInfo>> hashing = new ConcurrentHashMap<>();
    private final List<String> seededFiles = new ArrayList<>();
    /** What reached the pages: event name and data. */
    private final List<Map.Entry<String, Object>> published = new ArrayList<>();
    private final PageEvents pages = (event, data) -> published.add(Map.entry(event, data));

    private static ContentItem item(String id, String name, ContentItem.Kind kind) {
        return new ContentItem(id, name, kind, kind == ContentItem.Kind.VIDEO ? "video/mp4" : "image/png", 10, "0".repeat(64),
                "d", Instant.EPOCH, false, ContentItem.Origin.PUBLISHED);
    }

    private final ContentLibrary library = new ContentLibrary() {
        @Override public Path folder() { return Path.of("/shared"); }
        @Override public long maxUploadBytes() { return 1; }
        @Override public List<ContentItem> list() { return List.copyOf(items.values()); }
        @Override public Optional<ContentItem> get(String id) { return Optional.ofNullable(items.get(id)); }
        @Override public Optional<Path> mediaFile(String id) { return get(id).map(i -> folder().resolve(i.fileName())); }
        @Override public CompletableFuture<Optional<Path>> streamableFile(String id) {
            // a video dropped by hand is seeded from the copy the library names
            return CompletableFuture.completedFuture(get(id).map(i -> Path.of("/data/content/streamable", i.fileName())));
        }
        @Override public Optional<Thumbnail> thumbnail(String id) { return Optional.empty(); }
        @Override public ContentItem add(InputStream d, String f, String s, Thumbnail t) { throw new UnsupportedOperationException(); }
        @Override public boolean remove(String id) { return items.remove(id) != null; }
        @Override public List<String> problems() { return List.of(); }
    };

    private final TorrentService torrents = new TorrentService() {
        @Override
        public CompletableFuture<TorrentInfo> seed(Path file, String name, DoubleConsumer progress) throws IOException {
            if (name.startsWith("empty")) {
                throw new IOException("An empty file cannot be shared as a torrent");
            }
            seededFiles.add(file.toString());
            progress.accept(0.5);
            return hashing.computeIfAbsent(name, n -> new CompletableFuture<>());
        }
        @Override public void remove(String infoHash) { removed.add(infoHash); }
        @Override public List<TorrentInfo> list() { return List.of(); }
        @Override public Optional<TorrentInfo> find(String infoHash) {
            return Optional.of(new TorrentInfo(infoHash, "clip.mp4", 10, 16384, 1));
        }
        @Override public Optional<byte[]> torrentFile(String infoHash, String baseUrl) { return Optional.empty(); }
        @Override public Optional<String> magnet(String infoHash, String baseUrl) {
            return Optional.of("magnet:?xt=urn:btih:" + infoHash + "&ws=" + baseUrl);
        }
    };

    private TorrentSeeding seeding() {
        NodeEnvironment environment = (NodeEnvironment) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { NodeEnvironment.class }, (p, m, a) -> m.getName().equals("privatePort") ? 8181 : null);
        return new TorrentSeeding(library, torrents, pages, environment);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> torrentOf(Map.Entry<String, Object> event) {
        return (Map<String, Object>) ((Map<String, Object>) event.getValue()).get("torrent");
    }

    @Test
    void everyVideoIsSeededWithProgressThenItsTorrent() {
        items.put("a", item("a", "clip.mp4", ContentItem.Kind.VIDEO));
        TorrentSeeding seeding = seeding();
        assertEquals(List.of("/data/content/streamable/clip.mp4".replace('/', java.io.File.separatorChar)), seededFiles,
                "what was in the library when it started is seeded, from the file the library streams");

        assertEquals("hashing", seeding.json("a").get("state"));
        assertEquals(0.5, seeding.json("a").get("progress"));
        hashing.get("clip.mp4").complete(new TorrentInfo(HASH, "clip.mp4", 10, 16384, 1));
        Map<String, Object> ready = seeding.json("a");
        assertEquals("ready", ready.get("state"));
        assertEquals(HASH, ready.get("infoHash"));
        assertEquals("/torrents/" + HASH + ".torrent", ready.get("torrentUrl"));
        assertEquals("/webseed/" + HASH + "/clip.mp4", ready.get("webSeedUrl"));
        assertEquals("magnet:?xt=urn:btih:" + HASH + "&ws=http://127.0.0.1:8181", ready.get("magnet"));
        assertNull(ready.get("visitorMagnet"), "no I2P address yet");
        assertEquals(Optional.of("/webseed/" + HASH + "/clip.mp4"), seeding.webSeedPath("a"));
        assertEquals(Map.of("webSeedUrl", "/webseed/" + HASH + "/clip.mp4"), seeding.parts(items.get("a"), Audience.VISITOR),
                "the public feed's part");
        assertEquals(ready, seeding.parts(items.get("a"), Audience.OWNER).get("torrent"), "the owner's part");
        assertTrue(published.stream().allMatch(e -> e.getKey().equals("torrent")), published.toString());
        assertEquals("hashing", torrentOf(published.get(0)).get("state"), published.toString());
        assertEquals("ready", torrentOf(published.get(published.size() - 1)).get("state"), published.toString());
        assertEquals("a", ((Map<?, ?>) published.get(0).getValue()).get("id"));

        items.remove("a");
        seeding.contentChanged(new ContentEvent(ContentEvent.Type.REMOVED, item("a", "clip.mp4", ContentItem.Kind.VIDEO)));
        assertEquals(List.of(HASH), removed, "a deleted video stops being seeded");
        assertNull(seeding.json("a"));
    }

    @Test
    void picturesAreNotTorrentedAndFailuresAreExplained() {
        TorrentSeeding seeding = seeding();
        items.put("p", item("p", "photo.png", ContentItem.Kind.PICTURE));
        seeding.contentChanged(new ContentEvent(ContentEvent.Type.ADDED, items.get("p")));
        assertNull(seeding.json("p"));
        assertTrue(seeding.parts(items.get("p"), Audience.OWNER).containsKey("torrent"), "sent as null, as before");
        assertNull(seeding.parts(items.get("p"), Audience.VISITOR).get("webSeedUrl"));

        items.put("e", item("e", "empty.mp4", ContentItem.Kind.VIDEO));
        seeding.contentChanged(new ContentEvent(ContentEvent.Type.ADDED, items.get("e")));
        assertEquals("failed", seeding.json("e").get("state"));
        assertTrue(String.valueOf(seeding.json("e").get("error")).contains("empty"));

        items.put("b", item("b", "broken.mp4", ContentItem.Kind.VIDEO));
        seeding.contentChanged(new ContentEvent(ContentEvent.Type.ADDED, items.get("b")));
        hashing.get("broken.mp4").completeExceptionally(new IOException("The file vanished"));
        assertEquals("failed", seeding.json("b").get("state"));
        assertEquals("This video cannot be shared as a torrent: The file vanished", seeding.json("b").get("error"));
    }
}
