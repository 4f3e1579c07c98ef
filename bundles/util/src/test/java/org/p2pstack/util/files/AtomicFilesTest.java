package org.p2pstack.util.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aWholeStreamLandsAtTheTargetAndNothingElseIsLeft() throws IOException {
        Path target = dir.resolve("video.webm");
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }

        assertEquals(content.length, AtomicFiles.write(target, new ByteArrayInputStream(content), dir));

        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(List.of(target), list());
    }

    /** A fetch cut off part-way (the peer killed mid-transfer): no half file at the target, no part-file beside it. */
    @Test
    void aStreamThatFailsPartWayLeavesTheTargetAsItWasAndNoPartFile() throws IOException {
        Path target = dir.resolve("video.webm");
        Files.writeString(target, "the old one");
        InputStream cutOff = new SequenceInputStream(new ByteArrayInputStream(new byte[1024 * 1024]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("block not found on 0 connected peers within 30 s");
            }
        });

        IOException failed = assertThrows(IOException.class, () -> AtomicFiles.write(target, cutOff, dir));

        assertEquals("block not found on 0 connected peers within 30 s", failed.getMessage());
        assertEquals("the old one", Files.readString(target, StandardCharsets.UTF_8));
        assertEquals(List.of(target), list());
    }

    private List<Path> list() throws IOException {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }
}
