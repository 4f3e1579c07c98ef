package org.p2pstack.torrent.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.node.TestNodeEnvironment;
import org.p2pstack.api.torrent.TorrentInfo;

/**
 * The torrent side of issue 15.1 (the copies themselves are the content library's, see core's
 * UserFilesStayAsTheyAreTest): a torrent describes exactly the file it is given, survives a restart without
 * hashing again, and follows the file when it changes.
 */
class TorrentServiceImplTest {

    @TempDir
    Path temp;

    private TorrentServiceImpl service() {
        return new TorrentServiceImpl(new TestNodeEnvironment(temp.resolve("data")));
    }

    private Path torrentDir() {
        return temp.resolve("data").resolve("torrent");
    }

    private static byte[] video(int variant) {
        byte[] bytes = new byte[70_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + variant);
        }
        return bytes;
    }

    @Test
    void aRestartRemembersTheTorrentAChangedFileIsHashedAgainAndRemovingItLeavesTheFile() throws Exception {
        Path file = Files.write(Files.createDirectories(temp.resolve("streamable")).resolve("clip.video"), video(7));
        TorrentInfo first = service().seed(file, "clip.mp4", p -> { }).get(30, TimeUnit.SECONDS);
        assertEquals(Files.size(file), first.length(), "the torrent describes the file it was given");

        TorrentServiceImpl restarted = service();
        assertEquals(List.of(first), restarted.list(), "the torrent is remembered");
        double[] progress = { 0 };
        assertEquals(first, restarted.seed(file, "clip.mp4", p -> progress[0] = p).get(30, TimeUnit.SECONDS));
        assertEquals(1.0, progress[0], "not hashed again");
        assertEquals(file.toAbsolutePath(), restarted.seededEntry(first.infoHash()).orElseThrow().file(), "the web seed serves it");

        byte[] edited = video(8);
        Files.write(file, edited);
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
        TorrentInfo second = restarted.seed(file, "clip.mp4", p -> { }).get(30, TimeUnit.SECONDS);
        assertNotEquals(first.infoHash(), second.infoHash());
        assertEquals(List.of(second), restarted.list(), "the torrent of the old bytes is gone");

        restarted.remove(second.infoHash());
        assertEquals(List.of(), restarted.list());
        assertArrayEquals(edited, Files.readAllBytes(file), "removing a torrent never touches its file");
    }

    @Test
    void copiesThisBundleOnceMadeAreDroppedWithTheirTorrents() throws Exception {
        Path user = Files.write(Files.createDirectories(temp.resolve("shared")).resolve("camera.mp4"), video(1));
        Path oldCopies = Files.createDirectories(torrentDir().resolve("streamable"));
        Path copy = Files.write(oldCopies.resolve("0123.video"), video(2));
        Metainfo metainfo = Metainfo.hash(copy, "camera.mp4", p -> { });
        // a record as the previous version wrote it: served a copy, made from the user's file
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("info", metainfo.info());
        record.put("file", copy.toString());
        record.put("source", user.toString());
        record.put("size", Files.size(user));
        record.put("modified", Files.getLastModifiedTime(user).toMillis());
        Path recordFile = Files.write(torrentDir().resolve(metainfo.infoHash() + ".torrent-record"), Bencode.encode(record));

        TorrentServiceImpl service = service();
        assertEquals(List.of(), service.list(), "hashed again from the content library's copy instead");
        assertFalse(Files.exists(recordFile));
        assertFalse(Files.exists(oldCopies), "the old copies are deleted");
        assertTrue(Files.exists(user), "never the user's file");
    }
}
