package org.p2pstack.core.internal.content.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** EBML (RFC 8794) variable-length integers and elements, the building blocks of Matroska and WebM. */
final class Ebml {

    /** A size field whose value bits are all ones: the element runs until its parent or the file ends. */
    static final long UNKNOWN_SIZE = -1;

    private Ebml() {
    }

    /** An element header read from a file. */
    record Header(long id, long size, int length) {
        boolean unknownSize() {
            return size == UNKNOWN_SIZE;
        }
    }

    static Header readHeader(FileChannel in, long position) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(12);
        int read = in.read(bytes, position);
        if (read < 2) {
            throw new IOException("Damaged WebM: unexpected end of file");
        }
        bytes.flip();
        int first = bytes.get(0) & 0xff;
        int idLength = Integer.numberOfLeadingZeros(first) - 23;
        if (first == 0 || idLength > 4 || idLength >= read) {
            throw new IOException("Damaged WebM: bad element id at byte " + position);
        }
        long id = 0;
        for (int i = 0; i < idLength; i++) {
            id = (id << 8) | (bytes.get(i) & 0xff);
        }
        int sizeFirst = bytes.get(idLength) & 0xff;
        int sizeLength = Integer.numberOfLeadingZeros(sizeFirst) - 23;
        if (sizeFirst == 0 || sizeLength > 8 || idLength + sizeLength > read) {
            throw new IOException("Damaged WebM: bad element size at byte " + position);
        }
        long size = sizeFirst & (0xff >> sizeLength);
        boolean allOnes = size == (0xff >> sizeLength);
        for (int i = 1; i < sizeLength; i++) {
            int b = bytes.get(idLength + i) & 0xff;
            allOnes &= b == 0xff;
            size = (size << 8) | b;
        }
        return new Header(id, allOnes ? UNKNOWN_SIZE : size, idLength + sizeLength);
    }

    /** Reads {@code size} bytes at {@code position}. */
    static byte[] read(FileChannel in, long position, long size, long max) throws IOException {
        if (size < 0 || size > max) {
            throw new IOException("Damaged WebM: element of " + size + " bytes");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        long at = position;
        while (bytes.hasRemaining()) {
            int n = in.read(bytes, at);
            if (n < 0) {
                throw new IOException("Damaged WebM: unexpected end of file");
            }
            at += n;
        }
        return bytes.array();
    }

    /** Big-endian unsigned integer of up to 8 bytes. */
    static long unsigned(byte[] data, int offset, int length) {
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (data[offset + i] & 0xff);
        }
        return value;
    }

    /** Writes an element id (its marker bits are part of the value). */
    static void writeId(ByteArrayOutputStream out, long id) {
        int length = id > 0xffffff ? 4 : id > 0xffff ? 3 : id > 0xff ? 2 : 1;
        for (int i = length - 1; i >= 0; i--) {
            out.write((int) (id >> (8 * i)) & 0xff);
        }
    }

    /** Writes a size as an 8-byte vint, so that sizes never change the layout they are computed for. */
    static void writeSize(ByteArrayOutputStream out, long size) {
        out.write(0x01);
        for (int i = 6; i >= 0; i--) {
            out.write((int) (size >> (8 * i)) & 0xff);
        }
    }

    static byte[] element(long id, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 12);
        writeId(out, id);
        writeSize(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** An unsigned integer element with an 8-byte body (fixed size, for layouts computed in advance). */
    static byte[] uint8(long id, long value) {
        return element(id, ByteBuffer.allocate(8).putLong(value).array());
    }

    static byte[] float64(long id, double value) {
        return element(id, ByteBuffer.allocate(8).putDouble(value).array());
    }
}
