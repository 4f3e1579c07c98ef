package org.p2pstack.torrent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetainfoTest {

    @Test
    void hashesPiecesAndReportsProgress(@TempDir Path dir) throws Exception {
        byte[] data = new byte[16384 * 2 + 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Path file = Files.write(dir.resolve("clip.webm"), data);
        List<Double> progress = new ArrayList<>();
        Metainfo metainfo = Metainfo.hash(file, "clip.webm", progress::add);
        assertEquals(3, metainfo.toInfo().pieceCount());
        assertEquals(List.of(16384.0 / data.length, 32768.0 / data.length, 1.0), progress);
        assertEquals(40, metainfo.infoHash().length());
        // the info hash is stable through a stored copy of the info dictionary
        Map<?, ?> stored = (Map<?, ?>) Bencode.decode(Bencode.encode(metainfo.info()));
        assertEquals(metainfo.infoHash(), Metainfo.fromInfo(stored).infoHash());
    }

    @Test
    void emptyFilesAndBadNamesAreRefused(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.webm"));
        IOException e = assertThrows(IOException.class, () -> Metainfo.hash(empty, "empty.webm", p -> { }));
        assertTrue(e.getMessage().contains("empty file"), e.getMessage());
        Path file = Files.write(dir.resolve("x"), new byte[] { 1 });
        for (String name : new String[] { "", "../x", "a/b", "..", "bad\u0001" }) {
            assertThrows(IOException.class, () -> Metainfo.hash(file, name, p -> { }), name);
        }
    }
}
