package org.p2pstack.torrent.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.node.TestNodeEnvironment;
import org.p2pstack.api.torrent.TorrentInfo;
import org.p2pstack.torrent.internal.media.Mp4FastStart;
import org.p2pstack.torrent.internal.media.WebmCues;

/**
 * Issue 15.1: a video the user put in the shared folder keeps its bytes (same SHA-256, same time) after it
 * becomes a torrent; the torrent and the web seed use a streamable copy in the node's data folder instead.
 */
class UserFilesStayAsTheyAreTest {

    @TempDir
    Path temp;

    private Path shared() throws IOException {
        return Files.createDirectories(temp.resolve("shared"));
    }

    private TorrentServiceImpl service() {
        return new TorrentServiceImpl(new TestNodeEnvironment(temp.resolve("data")));
    }

    private Path copiesDir() {
        return temp.resolve("data").resolve("torrent").resolve("streamable");
    }

    @Test
    void aLateIndexMp4AndACuelessWebmStayByteIdenticalAndAreSeededFromStreamableCopies() throws Exception {
        Path mp4 = Files.write(shared().resolve("holiday.mp4"), lateIndexMp4());
        Path webm = shared().resolve("recorded.webm");
        try (InputStream in = getClass().getResourceAsStream("/media/mediarecorder-3s.webm")) {
            Files.write(webm, in.readAllBytes());
        }
        String mp4Before = sha256(mp4);
        String webmBefore = sha256(webm);
        FileTime mp4Time = Files.getLastModifiedTime(mp4);
        TorrentServiceImpl service = service();

        TorrentInfo mp4Torrent = service.seed(mp4, "holiday.mp4", p -> { }).get(30, TimeUnit.SECONDS);
        TorrentInfo webmTorrent = service.seed(webm, "recorded.webm", p -> { }).get(30, TimeUnit.SECONDS);

        assertEquals(mp4Before, sha256(mp4), "the user's MP4 is untouched");
        assertEquals(webmBefore, sha256(webm), "the user's WebM is untouched");
        assertEquals(mp4Time, Files.getLastModifiedTime(mp4));
        try (Stream<Path> files = Files.list(shared())) {
            assertEquals(List.of("holiday.mp4", "recorded.webm"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "nothing was written into the shared folder");
        }
        Path servedMp4 = service.seededEntry(mp4Torrent.infoHash()).orElseThrow().file();
        Path servedWebm = service.seededEntry(webmTorrent.infoHash()).orElseThrow().file();
        assertEquals(copiesDir(), servedMp4.getParent());
        assertEquals(copiesDir(), servedWebm.getParent());
        assertTrue(Mp4FastStart.isFastStart(servedMp4), "the web seed serves the index first");
        assertEquals(Files.size(servedMp4), mp4Torrent.length());
        assertFalse(WebmCues.rewrite(servedWebm, temp.resolve("again.webm")), "the served WebM already has its cues");
        assertEquals(Files.size(servedWebm), webmTorrent.length());
    }

    @Test
    void aRestartReusesTheCopyAChangedFileGetsANewOneAndRemovingTheTorrentDeletesIt() throws Exception {
        Path mp4 = Files.write(shared().resolve("clip.mp4"), lateIndexMp4());
        TorrentInfo first = service().seed(mp4, "clip.mp4", p -> { }).get(30, TimeUnit.SECONDS);
        Files.writeString(copiesDir().resolve("left-by-a-crash.tmp"), "partial");

        TorrentServiceImpl restarted = service();
        assertEquals(List.of(first), restarted.list(), "the torrent is remembered");
        assertFalse(Files.exists(copiesDir().resolve("left-by-a-crash.tmp")), "stray copies are tidied at start");
        double[] progress = { 0 };
        assertEquals(first, restarted.seed(mp4, "clip.mp4", p -> progress[0] = p).get(30, TimeUnit.SECONDS));
        assertEquals(1.0, progress[0], "not hashed again");

        // the user edits the file: a new copy, the old torrent and its copy go
        Path oldCopy = restarted.seededEntry(first.infoHash()).orElseThrow().file();
        byte[] edited = lateIndexMp4();
        edited[20] ^= 1;
        Files.write(mp4, edited);
        Files.setLastModifiedTime(mp4, FileTime.fromMillis(Files.getLastModifiedTime(mp4).toMillis() + 5000));
        TorrentInfo second = restarted.seed(mp4, "clip.mp4", p -> { }).get(30, TimeUnit.SECONDS);
        assertNotEquals(first.infoHash(), second.infoHash());
        assertFalse(Files.exists(oldCopy), "the copy of the old version is deleted");
        assertArrayEquals(edited, Files.readAllBytes(mp4));

        Path copy = restarted.seededEntry(second.infoHash()).orElseThrow().file();
        assertTrue(Files.exists(copy));
        restarted.remove(second.infoHash());
        assertFalse(Files.exists(copy), "removing the torrent deletes its copy");
        assertTrue(Files.exists(mp4), "and never the user's file");
    }

    @Test
    void aStreamableOrDamagedVideoIsSeededAsItIsWithoutACopy() throws Exception {
        Path uploaded = shared().resolve("uploaded.mp4");
        Mp4FastStart.rewrite(Files.write(temp.resolve("late.mp4"), lateIndexMp4()), uploaded);
        Path damaged = Files.write(shared().resolve("damaged.mp4"), new byte[] { 0, 0, 0, 12, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 1, 2 });
        TorrentServiceImpl service = service();
        TorrentInfo a = service.seed(uploaded, "uploaded.mp4", p -> { }).get(30, TimeUnit.SECONDS);
        TorrentInfo b = service.seed(damaged, "damaged.mp4", p -> { }).get(30, TimeUnit.SECONDS);
        assertEquals(uploaded.toAbsolutePath(), service.seededEntry(a.infoHash()).orElseThrow().file());
        assertEquals(damaged.toAbsolutePath(), service.seededEntry(b.infoHash()).orElseThrow().file());
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
