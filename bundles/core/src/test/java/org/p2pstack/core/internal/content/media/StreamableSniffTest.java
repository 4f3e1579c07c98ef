package org.p2pstack.core.internal.content.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads are prepared for streaming while they are still called {@code <uuid>.part}: the bytes decide. */
class StreamableSniffTest {

    @Test
    void containersAreRecognisedFromTheirBytesNotTheirNames(@TempDir Path dir) throws Exception {
        Path mp4 = Files.write(dir.resolve("a.part"), new byte[] { 0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0 });
        Path webm = Files.write(dir.resolve("b.part"), new byte[] { 0x1a, 0x45, (byte) 0xdf, (byte) 0xa3, (byte) 0x9f, 0x42 });
        Path png = Files.write(dir.resolve("c.webm"), new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0 });
        Path empty = Files.write(dir.resolve("d.mp4"), new byte[0]);
        assertEquals(StreamableVideo.Container.MP4, StreamableVideo.sniff(mp4));
        assertEquals(StreamableVideo.Container.WEBM, StreamableVideo.sniff(webm));
        assertEquals(StreamableVideo.Container.OTHER, StreamableVideo.sniff(png));
        assertEquals(StreamableVideo.Container.OTHER, StreamableVideo.sniff(empty));
    }
}
