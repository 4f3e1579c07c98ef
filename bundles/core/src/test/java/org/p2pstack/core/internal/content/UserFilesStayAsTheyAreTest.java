package org.p2pstack.core.internal.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.content.ContentItem;
import org.p2pstack.api.node.TestNodeEnvironment;
import org.p2pstack.core.internal.content.media.Mp4FastStart;
import org.p2pstack.core.internal.content.media.WebmCues;

/**
 * Issue 15.1: a video the user put in the shared folder keeps its bytes (same SHA-256, same time) after it
 * becomes a card; what is streamed and seeded is a streamable copy in the node's data folder instead, which the
 * content library keeps.
 */
class UserFilesStayAsTheyAreTest {

    @TempDir
    Path temp;

    private final List<ContentLibraryImpl> libraries = new ArrayList<>();

    @AfterEach
    void stop() {
        libraries.forEach(ContentLibraryImpl::deactivate);
    }

    private Path shared() throws IOException {
        return Files.createDirectories(temp.resolve("shared"));
    }

    /** The library as the node starts it; a second call is a restart. */
    private ContentLibraryImpl library() throws IOException {
        Path folder = shared();
        ContentConfig config = (ContentConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { ContentConfig.class }, (p, m, a) -> switch (m.getName()) {
                    case "sharedFolder" -> folder.toString();
                    case "watchQuietMillis" -> 50L;
                    default -> m.getDefaultValue();
                });
        ContentLibraryImpl library = new ContentLibraryImpl(config, new TestNodeEnvironment(temp.resolve("data")));
        libraries.add(library);
        return library;
    }

    private Path copiesDir() {
        return temp.resolve("data").resolve("content").resolve("streamable");
    }

    private static String id(ContentLibraryImpl library, String fileName) {
        return library.list().stream().filter(i -> i.fileName().equals(fileName)).map(ContentItem::id).findFirst().orElseThrow();
    }

    private static Path streamable(ContentLibraryImpl library, String fileName) throws Exception {
        return library.streamableFile(id(library, fileName)).get(30, TimeUnit.SECONDS).orElseThrow();
    }

    @Test
    void aLateIndexMp4AndACuelessWebmStayByteIdenticalAndAreStreamedFromStreamableCopies() throws Exception {
        Path mp4 = Files.write(shared().resolve("holiday.mp4"), lateIndexMp4());
        Path webm = shared().resolve("recorded.webm");
        try (InputStream in = getClass().getResourceAsStream("/media/mediarecorder-3s.webm")) {
            Files.write(webm, in.readAllBytes());
        }
        String mp4Before = sha256(mp4);
        String webmBefore = sha256(webm);
        FileTime mp4Time = Files.getLastModifiedTime(mp4);
        ContentLibraryImpl library = library();

        Path servedMp4 = streamable(library, "holiday.mp4");
        Path servedWebm = streamable(library, "recorded.webm");

        assertEquals(mp4Before, sha256(mp4), "the user's MP4 is untouched");
        assertEquals(webmBefore, sha256(webm), "the user's WebM is untouched");
        assertEquals(mp4Time, Files.getLastModifiedTime(mp4));
        assertEquals(mp4, library.mediaFile(id(library, "holiday.mp4")).orElseThrow(), "the card still shows the user's file");
        try (Stream<Path> files = Files.list(shared())) {
            assertEquals(List.of(".p2pstack-tmp", "holiday.mp4", "holiday.mp4.json", "recorded.webm", "recorded.webm.json"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "nothing but the sidecars was written into the shared folder");
        }
        assertEquals(copiesDir(), servedMp4.getParent());
        assertEquals(copiesDir(), servedWebm.getParent());
        assertTrue(Mp4FastStart.isFastStart(servedMp4), "the web seed serves the index first");
        assertFalse(WebmCues.rewrite(servedWebm, temp.resolve("again.webm")), "the served WebM already has its cues");
    }

    @Test
    void aRestartReusesTheCopyAChangedFileGetsANewOneAndRemovingTheItemDeletesIt() throws Exception {
        Path mp4 = Files.write(shared().resolve("clip.mp4"), lateIndexMp4());
        Path other = Files.write(shared().resolve("other.mp4"), lateIndexMp4());
        ContentLibraryImpl first = library();
        Path firstCopy = streamable(first, "clip.mp4");
        FileTime made = Files.getLastModifiedTime(firstCopy);
        first.deactivate();
        Files.writeString(copiesDir().resolve("left-by-a-crash.tmp"), "partial");

        ContentLibraryImpl restarted = library();
        assertEquals(firstCopy, streamable(restarted, "clip.mp4"), "the copy is found again after a restart");
        assertEquals(made, Files.getLastModifiedTime(firstCopy), "and not made again");
        assertFalse(Files.exists(copiesDir().resolve("left-by-a-crash.tmp")), "stray copies are tidied at start");

        // the user edits the file: a new copy, and the old one goes
        byte[] edited = lateIndexMp4();
        edited[20] ^= 1;
        Files.write(mp4, edited);
        Files.setLastModifiedTime(mp4, FileTime.fromMillis(Files.getLastModifiedTime(mp4).toMillis() + 5000));
        Path secondCopy = streamable(restarted, "clip.mp4");
        assertNotEquals(firstCopy, secondCopy);
        assertFalse(Files.exists(firstCopy), "the copy of the old version is deleted");
        assertArrayEquals(edited, Files.readAllBytes(mp4));

        Path otherCopy = streamable(restarted, "other.mp4");
        assertTrue(restarted.remove(id(restarted, "clip.mp4")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(secondCopy) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(Files.exists(secondCopy), "removing the item deletes its copy");
        assertTrue(Files.exists(otherCopy), "and no other item's copy");
        assertArrayEquals(lateIndexMp4(), Files.readAllBytes(other), "nor any other file of the user");
    }

    @Test
    void aStreamableOrDamagedVideoIsStreamedAsItIsWithoutACopy() throws Exception {
        Path uploaded = shared().resolve("uploaded.mp4");
        Mp4FastStart.rewrite(Files.write(temp.resolve("late.mp4"), lateIndexMp4()), uploaded);
        Path damaged = Files.write(shared().resolve("damaged.mp4"), new byte[] { 0, 0, 0, 12, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 1, 2 });
        ContentLibraryImpl library = library();
        assertEquals(uploaded.toAbsolutePath(), streamable(library, "uploaded.mp4"));
        assertEquals(damaged.toAbsolutePath(), streamable(library, "damaged.mp4"));
        assertFalse(Files.exists(copiesDir()) && Files.list(copiesDir()).findAny().isPresent(), "no copies were made");
    }

    /** An MP4 as many cameras write it: ftyp, the media data, and the index (moov) last. */
    static byte[] lateIndexMp4() {
        byte[] ftyp = box("ftyp", "isom\0\0\0\0isomavc1".getBytes(StandardCharsets.ISO_8859_1));
        byte[] media = new byte[64 * 1024];
        for (int i = 0; i < media.length; i++) {
            media[i] = (byte) (i * 31 + 7);
        }
        byte[] mdat = box("mdat", media);
        long dataStart = ftyp.length + 8;
        ByteBuffer stco = ByteBuffer.allocate(16).putInt(0).putInt(2).putInt((int) dataStart).putInt((int) dataStart + 4096);
        byte[] moov = box("moov", box("mvhd", new byte[20]), box("trak", box("mdia", box("minf", box("stbl", box("stco", stco.array()))))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ftyp);
        out.writeBytes(mdat);
        out.writeBytes(moov);
        return out.toByteArray();
    }

    private static byte[] box(String type, byte[]... children) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] child : children) {
            body.writeBytes(child);
        }
        return ByteBuffer.allocate(8 + body.size()).putInt(8 + body.size()).put(type.getBytes(StandardCharsets.ISO_8859_1))
                .put(body.toByteArray()).array();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
