package org.p2pstack.core.internal.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.content.ContentEvent;
import org.p2pstack.api.content.ContentException;
import org.p2pstack.api.content.ContentItem;
import org.p2pstack.api.content.ContentLibrary.Thumbnail;

class ContentStoreTest {

    @TempDir
    Path folder;

    private final List<ContentEvent> events = new CopyOnWriteArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    private ContentStore store(long max) throws IOException {
        ContentStore store = new ContentStore(folder, max, events::add, clock);
        store.rebuild();
        return store;
    }

    /** A tiny but recognisable WebM: the EBML magic and the "webm" DocType, then filler. */
    static byte[] webm(int size) {
        byte[] bytes = new byte[size];
        byte[] head = { 0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F, 0x42, (byte) 0x86, (byte) 0x81, 0x01, 0x42,
                (byte) 0x82, (byte) 0x84, 'w', 'e', 'b', 'm' };
        System.arraycopy(head, 0, bytes, 0, head.length);
        for (int i = head.length; i < size; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }

    static byte[] png() {
        byte[] bytes = new byte[100];
        byte[] head = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A };
        System.arraycopy(head, 0, bytes, 0, head.length);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A stand-in for the torrent stack's rewrite: appends bytes, atomically, as the real one does. */
    private static boolean appendMarker(Path file) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".streamable.tmp");
        byte[] bytes = Files.readAllBytes(file);
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 7);
        System.arraycopy("rewrite".getBytes(StandardCharsets.US_ASCII), 0, longer, bytes.length, 7);
        Files.write(temp, longer);
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    @Test
    void uploadedVideoIsMadeStreamableBeforeItsChecksumIsRecorded() throws Exception {
        ContentStore store = store(1 << 20);
        store.streamable(ContentStoreTest::appendMarker);
        byte[] video = webm(100_000);
        ContentItem item = store.add(new ByteArrayInputStream(video), "clip.webm", "", null);
        byte[] stored = Files.readAllBytes(folder.resolve(item.fileName()));
        assertEquals(video.length + 7, stored.length);
        assertEquals(sha256(stored), item.sha256(), "the sidecar describes the rewritten file");
        assertEquals(stored.length, item.size());
        assertTrue(Files.readString(folder.resolve(item.fileName() + ".json")).contains(item.sha256()));
        // a picture is never handed to the rewrite
        ContentItem picture = store.add(new ByteArrayInputStream(png()), "p.png", "", null);
        assertEquals(100, Files.size(folder.resolve(picture.fileName())));
    }

    @Test
    void aVideoTheUserDroppedIsNeverRewritten() throws Exception {
        ContentStore store = store(1 << 20);
        List<Path> handedToTheRewrite = new ArrayList<>();
        store.streamable(file -> {
            handedToTheRewrite.add(file);
            return appendMarker(file);
        });
        byte[] video = webm(50_000);
        Files.write(folder.resolve("dropped.webm"), video);
        store.reconcile("dropped.webm");
        ContentItem item = store.list().get(0);
        assertArrayEquals(video, Files.readAllBytes(folder.resolve("dropped.webm")), "the user's bytes are untouched");
        assertEquals(sha256(video), item.sha256(), "the sidecar describes the user's file");
        assertEquals(video.length, item.size());
        assertEquals(List.of(), handedToTheRewrite);
        assertEquals(List.of(".p2pstack-tmp", "dropped.webm", "dropped.webm.json"), names(), "only the sidecar is written beside it");
    }

    @Test
    void addWritesMediaAndSidecarAndLeavesNoTempFiles() throws Exception {
        ContentStore store = store(1 << 20);
        byte[] video = webm(300_000);
        ContentItem item = store.add(new ByteArrayInputStream(video), "My first clip.webm", "Hello world",
                new Thumbnail("image/png", png()));

        assertEquals("My-first-clip.webm", item.fileName());
        assertEquals("video/webm", item.contentType());
        assertEquals(video.length, item.size());
        assertEquals(sha256(video), item.sha256());
        assertTrue(item.hasThumbnail());
        assertEquals(List.of(".p2pstack-tmp", "My-first-clip.webm", "My-first-clip.webm.json"), names());
        try (Stream<Path> temp = Files.list(folder.resolve(".p2pstack-tmp"))) {
            assertEquals(0, temp.count(), "no temp files are left behind");
        }
        Sidecar sidecar = Sidecar.parse(Files.readAllBytes(folder.resolve("My-first-clip.webm.json")));
        assertEquals("Hello world", sidecar.description());
        assertEquals(sha256(video), sidecar.sha256());
        assertEquals(clock.instant(), sidecar.created());
        assertEquals(List.of(ContentEvent.Type.ADDED), events.stream().map(ContentEvent::type).toList());
        assertTrue(store.thumbnail(item.id()).isPresent());
    }

    @Test
    void sameNameTwiceGetsANewName() throws Exception {
        ContentStore store = store(1 << 20);
        ContentItem a = store.add(new ByteArrayInputStream(webm(1000)), "clip.webm", "a", null);
        ContentItem b = store.add(new ByteArrayInputStream(webm(1000)), "clip.webm", "b", null);
        assertEquals("clip.webm", a.fileName());
        assertEquals("clip-2.webm", b.fileName());
    }

    @Test
    void unsafeNamesAreReplaced() {
        assertEquals("passwd.webm", SafeNames.safeName("../../etc/passwd", "webm", "video"));
        assertEquals("evil.webm", SafeNames.safeName("C:\\Windows\\evil.exe", "webm", "video"));
        assertEquals("hidden.mp4", SafeNames.safeName(".hidden", "mp4", "video"));
        assertEquals("Cafe-creme-a-la-plage.webm", SafeNames.safeName("Café crème à la plage!!.webm", "webm", "video"));
        assertEquals("video.webm", SafeNames.safeName("???", "webm", "video"));
        assertEquals("video.webm", SafeNames.safeName(null, "webm", "video"));
        assertEquals("CON-file.webm", SafeNames.safeName("CON.webm", "webm", "video"));
        assertEquals("a-b-c.jpg", SafeNames.safeName("a\u0000b\nc.webm", "jpg", "video"));
        assertEquals(SafeNames.MAX_BASE + ".webm".length(), SafeNames.safeName("x".repeat(500), "webm", "v").length());
        assertEquals("Beach day 2024", SafeNames.describe("beach_day-2024.mp4"));
    }

    @Test
    void typeComesFromTheBytesNotTheName() throws Exception {
        ContentStore store = store(1 << 20);
        ContentException e = assertThrows(ContentException.class, () -> store.add(
                new ByteArrayInputStream("just some text, not a video at all. ".repeat(10).getBytes(StandardCharsets.UTF_8)),
                "clip.webm", "", null));
        assertEquals(ContentException.Reason.UNSUPPORTED_TYPE, e.reason());
        ContentItem picture = store.add(new ByteArrayInputStream(png()), "holiday.webm", "", null);
        assertEquals("holiday.png", picture.fileName(), "the extension follows the recognised type");
        assertEquals(ContentItem.Kind.PICTURE, picture.kind());
        assertEquals(List.of(".p2pstack-tmp", "holiday.png", "holiday.png.json"), names());
    }

    @Test
    void tooLargeAndEmptyAreRefusedAndLeaveNothing() throws Exception {
        ContentStore store = store(10_000);
        ContentException big = assertThrows(ContentException.class,
                () -> store.add(new ByteArrayInputStream(webm(10_001)), "big.webm", "", null));
        assertEquals(ContentException.Reason.TOO_LARGE, big.reason());
        assertTrue(big.getMessage().contains("too big"));
        ContentException empty = assertThrows(ContentException.class,
                () -> store.add(new ByteArrayInputStream(new byte[0]), "e.webm", "", null));
        assertEquals(ContentException.Reason.EMPTY, empty.reason());
        assertEquals(List.of(".p2pstack-tmp"), names());
        try (Stream<Path> temp = Files.list(folder.resolve(".p2pstack-tmp"))) {
            assertEquals(0, temp.count());
        }
        assertTrue(store.list().isEmpty());
    }

    @Test
    void anInterruptedUploadLeavesNothing() throws Exception {
        ContentStore store = store(1 << 20);
        InputStream broken = new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 5000) {
                    return sent < 16 ? webm(16)[sent - 1] & 0xff : 7;
                }
                throw new IOException("connection reset");
            }
        };
        ContentException e = assertThrows(ContentException.class, () -> store.add(broken, "cut.webm", "", null));
        assertEquals(ContentException.Reason.INCOMPLETE, e.reason());
        assertEquals(List.of(".p2pstack-tmp"), names());
    }

    @Test
    void rebuildClearsInterruptedWritesAndOrphansAndKeepsCompleteItems() throws Exception {
        ContentStore first = store(1 << 20);
        ContentItem kept = first.add(new ByteArrayInputStream(webm(5000)), "kept.webm", "Kept", null);
        // a crash in the middle of an upload: temp file, and a sidecar whose media was never renamed into place
        Files.write(folder.resolve(".p2pstack-tmp/abc.part"), webm(100));
        Files.write(folder.resolve("lost.webm.json"), Files.readAllBytes(folder.resolve("kept.webm.json")));
        Files.writeString(folder.resolve("notes.json"), "{}"); // someone's own file: not ours, left alone

        events.clear();
        ContentStore second = store(1 << 20);
        assertEquals(List.of(kept), second.list());
        assertEquals(List.of(".p2pstack-tmp", "kept.webm", "kept.webm.json", "notes.json"), names());
        try (Stream<Path> temp = Files.list(folder.resolve(".p2pstack-tmp"))) {
            assertEquals(0, temp.count());
        }
    }

    @Test
    void rebuildIndexesHandDroppedFilesAndGivesThemSidecars() throws Exception {
        byte[] video = webm(4000);
        Files.write(folder.resolve("beach_day-2024.webm"), video);
        Files.writeString(folder.resolve("readme.txt"), "not media");
        ContentStore store = store(1 << 20);
        assertEquals(1, store.list().size());
        ContentItem item = store.list().get(0);
        assertEquals("Beach day 2024", item.description());
        assertEquals(ContentItem.Origin.DROPPED, item.origin());
        assertEquals(sha256(video), item.sha256());
        assertTrue(Files.exists(folder.resolve("beach_day-2024.webm.json")));
    }

    @Test
    void handDroppedAndHandRemovedFilesUpdateTheIndex() throws Exception {
        ContentStore store = store(1 << 20);
        Files.write(folder.resolve("dropped.webm"), webm(3000));
        store.reconcile("dropped.webm");
        assertEquals(1, store.list().size());
        assertEquals(ContentEvent.Type.ADDED, events.get(0).type());
        store.reconcile("dropped.webm"); // a second notification changes nothing
        assertEquals(1, events.size());

        Files.delete(folder.resolve("dropped.webm"));
        store.reconcile("dropped.webm");
        assertTrue(store.list().isEmpty());
        assertEquals(ContentEvent.Type.REMOVED, events.get(1).type());
        assertFalse(Files.exists(folder.resolve("dropped.webm.json")), "the sidecar goes with its media");
    }

    @Test
    void handReplacedFileIsRehashedKeepingItsDescription() throws Exception {
        ContentStore store = store(1 << 20);
        ContentItem item = store.add(new ByteArrayInputStream(webm(3000)), "a.webm", "Mine", null);
        byte[] replaced = webm(6000);
        Files.write(folder.resolve("a.webm"), replaced);
        store.reconcile("a.webm");
        ContentItem now = store.get(item.id()).orElseThrow();
        assertEquals("Mine", now.description());
        assertEquals(sha256(replaced), now.sha256());
        assertEquals(ContentEvent.Type.UPDATED, events.get(events.size() - 1).type());
    }

    @Test
    void corruptSidecarIsToleratedKeptAsideAndReported() throws Exception {
        Files.write(folder.resolve("clip.webm"), webm(2000));
        Files.writeString(folder.resolve("clip.webm.json"), "{ this is not json");
        ContentStore store = store(1 << 20);
        assertEquals(1, store.list().size(), "the item is still listed");
        assertEquals("Clip", store.list().get(0).description());
        assertTrue(Files.exists(folder.resolve("clip.webm.json.corrupt")), "the damaged file is kept for the user");
        Sidecar.parse(Files.readAllBytes(folder.resolve("clip.webm.json"))); // and a good one replaced it
        assertEquals(1, store.problems().size());
        assertTrue(store.problems().get(0).contains("damaged"), store.problems().get(0));
    }

    @Test
    void aFileThatIsNotMediaIsReportedUntilItIsRemoved() throws Exception {
        List<List<String>> told = new CopyOnWriteArrayList<>();
        ContentStore store = new ContentStore(folder, 1 << 20, events::add, told::add, clock);
        store.rebuild();
        Files.writeString(folder.resolve("not-really.webm"), "plain text, even though the name says video ".repeat(5));
        store.reconcile("not-really.webm");
        assertTrue(store.list().isEmpty());
        assertEquals(1, store.problems().size());
        assertTrue(store.problems().get(0).contains("not-really.webm"));
        store.reconcile("not-really.webm");
        assertEquals(1, told.size(), "the same problem is told once");
        Files.delete(folder.resolve("not-really.webm"));
        store.reconcile("not-really.webm");
        assertEquals(List.of(), store.problems());
        assertEquals(List.of(), told.get(told.size() - 1));
    }

    @Test
    void anUnusableFolderRefusesUploadsInPlainWords() throws Exception {
        Path file = folder.resolve("a-file-not-a-folder");
        Files.writeString(file, "x");
        ContentStore store = new ContentStore(file, 1 << 20, events::add, clock);
        assertThrows(IOException.class, store::rebuild);
        ContentException e = assertThrows(ContentException.class,
                () -> store.add(new ByteArrayInputStream(webm(1000)), "a.webm", "", null));
        assertEquals(ContentException.Reason.STORAGE, e.reason());
        assertTrue(e.getMessage().contains("could not save"), e.getMessage());
    }

    @Test
    void sidecarWithWrongFieldsIsCorrupt() {
        assertThrows(Sidecar.CorruptSidecar.class, () -> Sidecar.parse("[]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(Sidecar.CorruptSidecar.class, () -> Sidecar.parse("{\"file\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(Sidecar.CorruptSidecar.class, () -> Sidecar.parse(new byte[Sidecar.MAX_BYTES + 1]));
    }

    @Test
    void removeDeletesMediaAndSidecar() throws Exception {
        ContentStore store = store(1 << 20);
        ContentItem item = store.add(new ByteArrayInputStream(webm(3000)), "x.webm", "", null);
        assertTrue(store.remove(item.id()));
        assertFalse(store.remove(item.id()));
        assertEquals(List.of(".p2pstack-tmp"), names());
    }

    @Test
    void listIsNewestFirst() throws Exception {
        Files.write(folder.resolve("old.webm"), webm(100));
        Files.setLastModifiedTime(folder.resolve("old.webm"), java.nio.file.attribute.FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        ContentStore store = store(1 << 20);
        store.add(new ByteArrayInputStream(webm(100)), "new.webm", "", null);
        assertEquals(List.of("new.webm", "old.webm"), store.list().stream().map(ContentItem::fileName).toList());
    }

    @Test
    void watcherSeesHandDroppedAndRemovedFiles() throws Exception {
        ContentStore store = store(1 << 20);
        List<String> seen = new ArrayList<>();
        try (FolderWatcher watcher = new FolderWatcher(folder, 50, name -> {
            synchronized (seen) {
                seen.add(name);
            }
            store.reconcile(name);
        }, () -> { })) {
            Files.write(folder.resolve("by-hand.webm"), webm(2000));
            awaitTrue(() -> store.list().size() == 1);
            Files.delete(folder.resolve("by-hand.webm"));
            awaitTrue(() -> store.list().isEmpty());
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
