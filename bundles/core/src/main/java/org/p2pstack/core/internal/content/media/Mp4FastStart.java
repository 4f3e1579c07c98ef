package org.p2pstack.core.internal.content.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Moves an MP4's {@code moov} box (the index of every sample) in front of its media data, so that a player
 * can start before the whole file has arrived ("fast start"). Chunk offsets in {@code stco}/{@code co64}
 * shift by the size of the moved box. ISO/IEC 14496-12 boxes: 32-bit size + type, size 1 = 64-bit size
 * follows, size 0 = to the end of the file.
 */
public final class Mp4FastStart {

    /** Largest {@code moov} read into memory (an hour of video has a few MiB of index). */
    static final long MAX_MOOV = 64L * 1024 * 1024;
    /** Most top-level boxes looked at. */
    static final int MAX_BOXES = 10_000;
    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl", "edts", "dinf", "mvex");

    private Mp4FastStart() {
    }

    /** A top-level box: where it starts and how long it is (header included). */
    record Box(String type, long offset, long size) {
    }

    /** The top-level boxes, or an exception when the file is not a well-formed MP4. */
    static List<Box> topLevel(FileChannel in) throws IOException {
        List<Box> boxes = new ArrayList<>();
        long length = in.size();
        long position = 0;
        ByteBuffer header = ByteBuffer.allocate(16);
        while (position < length) {
            if (boxes.size() >= MAX_BOXES) {
                throw new IOException("Too many boxes for an MP4 file");
            }
            header.clear().limit(8);
            readFully(in, header, position);
            long size = Integer.toUnsignedLong(header.getInt(0));
            String type = new String(header.array(), 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (size == 1) {
                header.clear().limit(8);
                readFully(in, header, position + 8);
                size = header.getLong(0);
            } else if (size == 0) {
                size = length - position;
            }
            if (size < 8 || position + size > length) {
                throw new IOException("Damaged MP4: box '" + type + "' runs past the end of the file");
            }
            boxes.add(new Box(type, position, size));
            position += size;
        }
        return boxes;
    }

    /** True when the file needs no change: its {@code moov} already precedes its {@code mdat}. */
    public static boolean isFastStart(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            return needsNothing(topLevel(in));
        }
    }

    private static boolean needsNothing(List<Box> boxes) throws IOException {
        int moov = indexOf(boxes, "moov");
        int mdat = indexOf(boxes, "mdat");
        if (moov < 0) {
            throw new IOException("Not a playable MP4: it has no 'moov' box");
        }
        return mdat < 0 || moov < mdat;
    }

    /**
     * Writes {@code target} with the {@code moov} box moved in front of the media data.
     *
     * @return false when {@code source} was already fast-start (nothing written)
     */
    public static boolean rewrite(Path source, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            List<Box> boxes = topLevel(in);
            if (needsNothing(boxes)) {
                return false;
            }
            Box moov = boxes.get(indexOf(boxes, "moov"));
            if (moov.size() > MAX_MOOV) {
                throw new IOException("The MP4 index is larger than " + MAX_MOOV + " bytes");
            }
            ByteBuffer index = ByteBuffer.allocate((int) moov.size());
            readFully(in, index, moov.offset());
            int firstMdat = indexOf(boxes, "mdat");
            // data between the first mdat and the old moov moves back by the moov's size; data after it stays
            shiftChunkOffsets(index, 0, index.capacity(), new long[] { boxes.get(firstMdat).offset(), moov.offset(), moov.size() });
            try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int i = 0; i < boxes.size(); i++) {
                    Box box = boxes.get(i);
                    if (i == firstMdat) {
                        index.rewind();
                        while (index.hasRemaining()) {
                            out.write(index);
                        }
                    }
                    if (box != moov) {
                        copy(in, box.offset(), box.size(), out);
                    }
                }
                out.force(true);
            }
            return true;
        }
    }

    /**
     * Adds {@code move[2]} to every chunk offset in {@code [move[0], move[1])} found inside {@code [from, to)}
     * of the moov bytes.
     */
    private static void shiftChunkOffsets(ByteBuffer moov, int from, int to, long[] move) throws IOException {
        int position = from;
        while (position + 8 <= to) {
            long size = Integer.toUnsignedLong(moov.getInt(position));
            String type = new String(moov.array(), position + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            int headerLength = 8;
            if (size == 1) {
                size = moov.getLong(position + 8);
                headerLength = 16;
            } else if (size == 0) {
                size = to - position;
            }
            if (size < headerLength || position + size > to) {
                throw new IOException("Damaged MP4 index: box '" + type + "'");
            }
            int body = position + headerLength;
            int end = (int) (position + size);
            if (CONTAINERS.contains(type)) {
                shiftChunkOffsets(moov, body, end, move);
            } else if (type.equals("stco") || type.equals("co64")) {
                boolean wide = type.equals("co64");
                long count = Integer.toUnsignedLong(moov.getInt(body + 4));
                int entry = wide ? 8 : 4;
                if (body + 8 + count * entry > end) {
                    throw new IOException("Damaged MP4 index: chunk offset table too long");
                }
                for (int i = 0; i < count; i++) {
                    int at = body + 8 + i * entry;
                    long old = wide ? moov.getLong(at) : Integer.toUnsignedLong(moov.getInt(at));
                    long shift = old >= move[0] && old < move[1] ? move[2] : 0;
                    if (wide) {
                        moov.putLong(at, old + shift);
                    } else {
                        long moved = old + shift;
                        if (moved > 0xffffffffL) {
                            throw new IOException("This MP4 is too large to move its index with 32-bit offsets");
                        }
                        moov.putInt(at, (int) moved);
                    }
                }
            }
            position = end;
        }
    }

    private static int indexOf(List<Box> boxes, String type) {
        for (int i = 0; i < boxes.size(); i++) {
            if (boxes.get(i).type().equals(type)) {
                return i;
            }
        }
        return -1;
    }

    private static void readFully(FileChannel in, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = in.read(buffer, at);
            if (read < 0) {
                throw new IOException("Damaged MP4: unexpected end of file");
            }
            at += read;
        }
    }

    private static void copy(FileChannel in, long offset, long size, FileChannel out) throws IOException {
        long done = 0;
        while (done < size) {
            long sent = in.transferTo(offset + done, size - done, out);
            if (sent <= 0) {
                throw new IOException("Damaged MP4: unexpected end of file");
            }
            done += sent;
        }
    }
}
