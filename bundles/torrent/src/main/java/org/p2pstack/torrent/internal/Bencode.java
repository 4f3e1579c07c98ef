package org.p2pstack.torrent.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bencoding (BEP 3): integers, byte strings, lists and dictionaries with keys in raw byte order.
 * Values are {@code Long}, {@code byte[]} (or {@code String}, written as UTF-8), {@code List} and
 * {@code Map<String, ?>}. The decoder reads untrusted input, so depth, size and counts are bounded.
 */
public final class Bencode {

    /** Largest document the decoder accepts. */
    public static final int MAX_INPUT = 16 * 1024 * 1024;
    /** Deepest nesting of lists and dictionaries. */
    public static final int MAX_DEPTH = 32;
    /** Most elements in one list or dictionary. */
    public static final int MAX_ELEMENTS = 100_000;

    private Bencode() {
    }

    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(value, out);
        return out.toByteArray();
    }

    private static void write(Object value, ByteArrayOutputStream out) {
        if (value instanceof Long || value instanceof Integer) {
            out.writeBytes(("i" + value + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof byte[] bytes) {
            out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bytes);
        } else if (value instanceof String text) {
            write(text.getBytes(StandardCharsets.UTF_8), out);
        } else if (value instanceof List<?> list) {
            out.write('l');
            list.forEach(item -> write(item, out));
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            // keys are compared as raw bytes, as the spec requires
            TreeMap<byte[], Object> sorted = new TreeMap<>(Arrays::compareUnsigned);
            map.forEach((key, item) -> sorted.put(((String) key).getBytes(StandardCharsets.UTF_8), item));
            out.write('d');
            sorted.forEach((key, item) -> {
                write(key, out);
                write(item, out);
            });
            out.write('e');
        } else {
            throw new IllegalArgumentException("Cannot bencode " + (value == null ? "null" : value.getClass()));
        }
    }

    /** Thrown for malformed or oversized input. */
    public static final class BencodeException extends Exception {
        private static final long serialVersionUID = 1L;

        BencodeException(String message, int at) {
            super(message + " at byte " + at);
        }
    }

    /** Decodes one complete document; dictionary keys become Strings (UTF-8), strings stay byte[]. */
    public static Object decode(byte[] input) throws BencodeException {
        if (input.length > MAX_INPUT) {
            throw new BencodeException("Document larger than " + MAX_INPUT + " bytes", 0);
        }
        int[] position = { 0 };
        Object value = read(input, position, 0);
        if (position[0] != input.length) {
            throw new BencodeException("Trailing data", position[0]);
        }
        return value;
    }

    private static Object read(byte[] in, int[] pos, int depth) throws BencodeException {
        if (depth > MAX_DEPTH) {
            throw new BencodeException("Nested too deeply", pos[0]);
        }
        if (pos[0] >= in.length) {
            throw new BencodeException("Unexpected end", pos[0]);
        }
        byte b = in[pos[0]];
        if (b == 'i') {
            pos[0]++;
            return readNumber(in, pos, (byte) 'e', true);
        }
        if (b == 'l') {
            pos[0]++;
            List<Object> list = new ArrayList<>();
            while (peek(in, pos) != 'e') {
                if (list.size() >= MAX_ELEMENTS) {
                    throw new BencodeException("Too many list elements", pos[0]);
                }
                list.add(read(in, pos, depth + 1));
            }
            pos[0]++;
            return Collections.unmodifiableList(list);
        }
        if (b == 'd') {
            pos[0]++;
            Map<String, Object> map = new TreeMap<>();
            while (peek(in, pos) != 'e') {
                if (map.size() >= MAX_ELEMENTS) {
                    throw new BencodeException("Too many dictionary entries", pos[0]);
                }
                String key = new String(readBytes(in, pos), StandardCharsets.UTF_8);
                map.put(key, read(in, pos, depth + 1));
            }
            pos[0]++;
            return Collections.unmodifiableMap(map);
        }
        if (b >= '0' && b <= '9') {
            return readBytes(in, pos);
        }
        throw new BencodeException("Unexpected byte " + (b & 0xff), pos[0]);
    }

    private static byte peek(byte[] in, int[] pos) throws BencodeException {
        if (pos[0] >= in.length) {
            throw new BencodeException("Unexpected end", pos[0]);
        }
        return in[pos[0]];
    }

    private static byte[] readBytes(byte[] in, int[] pos) throws BencodeException {
        long length = readNumber(in, pos, (byte) ':', false);
        if (length > in.length - pos[0]) {
            throw new BencodeException("String longer than the input", pos[0]);
        }
        byte[] bytes = Arrays.copyOfRange(in, pos[0], pos[0] + (int) length);
        pos[0] += (int) length;
        return bytes;
    }

    private static long readNumber(byte[] in, int[] pos, byte end, boolean signed) throws BencodeException {
        int start = pos[0];
        boolean negative = false;
        if (signed && peek(in, pos) == '-') {
            negative = true;
            pos[0]++;
        }
        long value = 0;
        int digits = 0;
        while (peek(in, pos) != end) {
            byte d = in[pos[0]];
            if (d < '0' || d > '9' || digits >= 18) {
                throw new BencodeException("Bad number", pos[0]);
            }
            if (digits == 1 && value == 0) {
                throw new BencodeException("Leading zero", pos[0]);
            }
            value = value * 10 + (d - '0');
            digits++;
            pos[0]++;
        }
        if (digits == 0 || negative && value == 0) {
            throw new BencodeException("Bad number", start);
        }
        pos[0]++;
        return negative ? -value : value;
    }
}
