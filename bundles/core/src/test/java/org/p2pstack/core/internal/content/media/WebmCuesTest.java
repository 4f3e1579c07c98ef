package org.p2pstack.core.internal.content.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real recording: three seconds from Chromium's MediaRecorder (VP8 + Opus, fake camera). */
class WebmCuesTest {

    private static Path recording(Path dir) throws IOException {
        try (InputStream in = WebmCuesTest.class.getResourceAsStream("/media/mediarecorder-3s.webm")) {
            return Files.write(dir.resolve("recorded.webm"), in.readAllBytes());
        }
    }

    /** Every SimpleBlock's bytes, in file order. */
    private static List<byte[]> blocks(Path file) throws IOException {
        List<byte[]> blocks = new ArrayList<>();
        try (FileChannel in = FileChannel.open(file)) {
            walk(in, 0, in.size(), blocks);
        }
        return blocks;
    }

    private static void walk(FileChannel in, long from, long to, List<byte[]> blocks) throws IOException {
        long position = from;
        while (position < to) {
            Ebml.Header header = Ebml.readHeader(in, position);
            long body = position + header.length();
            long end = header.unknownSize() ? to : body + header.size();
            if (header.id() == WebmCues.SEGMENT || header.id() == WebmCues.CLUSTER) {
                walk(in, body, end, blocks);
                position = header.unknownSize() ? to : end;
                continue;
            }
            if (header.id() == WebmCues.SIMPLE_BLOCK) {
                blocks.add(Ebml.read(in, body, header.size(), 1 << 24));
            }
            position = end;
        }
    }

    @Test
    void recordingGetsDurationCuesAndKnownSizesWithTheSameBlocks(@TempDir Path dir) throws Exception {
        Path source = recording(dir);
        Path target = dir.resolve("seekable.webm");
        assertTrue(WebmCues.rewrite(source, target));

        List<byte[]> before = blocks(source);
        List<byte[]> after = blocks(target);
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), "block " + i);
        }

        try (FileChannel in = FileChannel.open(target)) {
            Ebml.Header ebml = Ebml.readHeader(in, 0);
            long segmentAt = ebml.length() + ebml.size();
            Ebml.Header segment = Ebml.readHeader(in, segmentAt);
            long dataStart = segmentAt + segment.length();
            assertFalse(segment.unknownSize());
            assertEquals(in.size(), dataStart + segment.size(), "the segment size covers the file");
            long position = dataStart;
            double duration = -1;
            List<Long> cueClusters = new ArrayList<>();
            List<Long> clusterStarts = new ArrayList<>();
            while (position < in.size()) {
                Ebml.Header header = Ebml.readHeader(in, position);
                assertFalse(header.unknownSize(), "every size is known");
                byte[] body = Ebml.read(in, position + header.length(), Math.min(header.size(), 1 << 20), 1 << 20);
                if (header.id() == WebmCues.INFO) {
                    String hex = java.util.HexFormat.of().formatHex(body);
                    int at = hex.indexOf("448901000000000000" + "08") / 2;
                    assertTrue(at > 0, "Info has a Duration");
                    duration = ByteBuffer.wrap(body, at + 10, 8).getDouble();
                } else if (header.id() == WebmCues.CUES) {
                    String hex = java.util.HexFormat.of().formatHex(body);
                    for (int at = hex.indexOf("f101000000000000" + "08"); at >= 0; at = hex.indexOf("f101000000000000" + "08", at + 1)) {
                        cueClusters.add(ByteBuffer.wrap(body, at / 2 + 9, 8).getLong());
                    }
                } else if (header.id() == WebmCues.CLUSTER) {
                    clusterStarts.add(position - dataStart);
                }
                position += header.length() + header.size();
            }
            assertTrue(duration > 2500 && duration < 3500, "about three seconds, in milliseconds: " + duration);
            assertFalse(cueClusters.isEmpty());
            assertTrue(clusterStarts.containsAll(cueClusters), "every cue points at a cluster " + cueClusters + " " + clusterStarts);
        }
        assertFalse(WebmCues.rewrite(target, dir.resolve("again.webm")), "already seekable: nothing to do");
    }

    @Test
    void damagedFilesAreRefusedWithAMessage(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(recording(dir));
        Path notWebm = Files.write(dir.resolve("text.webm"), "hello, this is no video".getBytes());
        assertThrows(IOException.class, () -> WebmCues.rewrite(notWebm, dir.resolve("out1.webm")));
        Path headerOnly = Files.write(dir.resolve("cut.webm"), Arrays.copyOf(whole, 60));
        assertThrows(IOException.class, () -> WebmCues.rewrite(headerOnly, dir.resolve("out2.webm")));
        byte[] garbage = whole.clone();
        for (int i = 400; i < 4400; i++) {
            garbage[i] = (byte) (i * 31);
        }
        Path mangled = Files.write(dir.resolve("mangled.webm"), garbage);
        try {
            WebmCues.rewrite(mangled, dir.resolve("out3.webm"));
        } catch (IOException expected) {
            // refused with a reason; any other exception would fail the test
        }
    }
}
