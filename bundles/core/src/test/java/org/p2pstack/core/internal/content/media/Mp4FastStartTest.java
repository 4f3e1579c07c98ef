package org.p2pstack.core.internal.content.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp4FastStartTest {

    private static byte[] box(String type, byte[]... children) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] child : children) {
            body.writeBytes(child);
        }
        ByteBuffer out = ByteBuffer.allocate(8 + body.size());
        out.putInt(8 + body.size()).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(body.toByteArray());
        return out.array();
    }

    private static byte[] stco(long... offsets) {
        ByteBuffer body = ByteBuffer.allocate(8 + offsets.length * 4);
        body.putInt(0).putInt(offsets.length);
        for (long offset : offsets) {
            body.putInt((int) offset);
        }
        return box("stco", body.array());
    }

    private static byte[] co64(long... offsets) {
        ByteBuffer body = ByteBuffer.allocate(8 + offsets.length * 8);
        body.putInt(0).putInt(offsets.length);
        for (long offset : offsets) {
            body.putLong(offset);
        }
        return box("co64", body.array());
    }

    private static byte[] moov(byte[] table) {
        return box("moov", box("mvhd", new byte[20]), box("trak", box("mdia", box("minf", box("stbl", table)))));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static long[] offsets(byte[] file, String tableType) {
        String text = new String(file, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(tableType) + 4;
        ByteBuffer buffer = ByteBuffer.wrap(file);
        int count = buffer.getInt(at + 4);
        long[] offsets = new long[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = tableType.equals("co64") ? buffer.getLong(at + 8 + i * 8) : Integer.toUnsignedLong(buffer.getInt(at + 8 + i * 4));
        }
        return offsets;
    }

    @Test
    void movesTheIndexInFrontAndKeepsEveryChunkReachable(@TempDir Path dir) throws Exception {
        byte[] ftyp = box("ftyp", "isom\0\0\0\0isomavc1".getBytes(StandardCharsets.ISO_8859_1));
        byte[] media = new byte[1000];
        for (int i = 0; i < media.length; i++) {
            media[i] = (byte) (i * 7);
        }
        byte[] mdat = box("mdat", media);
        long dataStart = ftyp.length + 8;
        for (String table : List.of("stco", "co64")) {
            long[] chunks = { dataStart, dataStart + 100, dataStart + 999 };
            byte[] original = concat(ftyp, mdat, moov(table.equals("stco") ? stco(chunks) : co64(chunks)));
            Path source = Files.write(dir.resolve("late-" + table + ".mp4"), original);
            Path target = dir.resolve("fast-" + table + ".mp4");
            assertFalse(Mp4FastStart.isFastStart(source));
            assertTrue(Mp4FastStart.rewrite(source, target));
            byte[] rewritten = Files.readAllBytes(target);
            assertEquals(original.length, rewritten.length);
            assertTrue(Mp4FastStart.isFastStart(target));
            long[] moved = offsets(rewritten, table);
            for (int i = 0; i < chunks.length; i++) {
                assertEquals(original[(int) chunks[i]], rewritten[(int) moved[i]], "chunk " + i + " in " + table);
                assertArrayEquals(Arrays.copyOfRange(original, (int) chunks[i], (int) dataStart + 1000),
                        Arrays.copyOfRange(rewritten, (int) moved[i], (int) moved[i] + (int) (dataStart + 1000 - chunks[i])));
            }
            assertFalse(Mp4FastStart.rewrite(target, dir.resolve("unused.mp4")), "already fast start: nothing to do");
        }
    }

    @Test
    void damagedFilesAreRefusedWithAMessage(@TempDir Path dir) throws Exception {
        Path truncated = Files.write(dir.resolve("truncated.mp4"), Arrays.copyOf(box("ftyp", new byte[40]), 30));
        IOException e = assertThrows(IOException.class, () -> Mp4FastStart.isFastStart(truncated));
        assertTrue(e.getMessage().contains("Damaged MP4"), e.getMessage());
        Path noIndex = Files.write(dir.resolve("noindex.mp4"), concat(box("ftyp", new byte[8]), box("mdat", new byte[10])));
        assertTrue(assertThrows(IOException.class, () -> Mp4FastStart.isFastStart(noIndex)).getMessage().contains("moov"));
        byte[] lying = concat(box("ftyp", new byte[8]), box("mdat", new byte[10]),
                box("moov", box("trak", box("stco", ByteBuffer.allocate(8).putInt(0).putInt(1_000_000).array()))));
        Path liar = Files.write(dir.resolve("liar.mp4"), lying);
        assertThrows(IOException.class, () -> Mp4FastStart.rewrite(liar, dir.resolve("out.mp4")));
    }
}
