package org.p2pstack.core.internal.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Serves a file from disk with HTTP Range (RFC 9110 §14): one range per request, validators, HEAD. */
public final class RangeFiles {

    /** Longest Range header looked at; anything else is answered with the whole file. */
    static final int MAX_RANGE_HEADER = 200;
    private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");
    private static final int CHUNK = 256 * 1024;

    /** An inclusive byte range. */
    public record Range(long first, long last) {
        long length() {
            return last - first + 1;
        }
    }

    private RangeFiles() {
    }

    /**
     * The range asked for in {@code header} for a file of {@code size} bytes: null for "the whole file" (no or
     * unsupported header), or a range with {@code first > last} when it cannot be satisfied.
     */
    public static Range parse(String header, long size) {
        if (header == null || header.length() > MAX_RANGE_HEADER) {
            return null;
        }
        Matcher m = SINGLE_RANGE.matcher(header.strip());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return null; // several ranges or another unit: the whole file is a valid answer
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    return new Range(1, 0);
                }
                return new Range(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (first >= size || last < first) {
                return new Range(1, 0);
            }
            return new Range(first, last);
        } catch (NumberFormatException tooBig) {
            return new Range(1, 0);
        }
    }

    public static void send(HttpServletRequest request, HttpServletResponse response, Path file, String contentType,
            String etagValue, Instant lastModified, String cacheControl) throws IOException {
        long size;
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            size = channel.size();
        } catch (NoSuchFileException gone) {
            new Json().error(response, 404, "This item is no longer there.");
            return;
        }
        try (channel) {
            String etag = "\"" + etagValue + "\"";
            response.setHeader("Accept-Ranges", "bytes");
            response.setHeader("ETag", etag);
            response.setHeader("Cache-Control", cacheControl);
            response.setHeader("Content-Security-Policy", "sandbox"); // media opened on its own can run nothing
            response.setHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(lastModified.atOffset(ZoneOffset.UTC)));
            response.setContentType(contentType);
            if (etag.equals(request.getHeader("If-None-Match"))) {
                response.setStatus(304);
                return;
            }
            String ifRange = request.getHeader("If-Range");
            Range range = ifRange == null || ifRange.equals(etag) ? parse(request.getHeader("Range"), size) : null;
            if (range != null && range.first() > range.last()) {
                response.setStatus(416);
                response.setHeader("Content-Range", "bytes */" + size);
                return;
            }
            long first = range == null ? 0 : range.first();
            long length = range == null ? size : range.length();
            if (range != null) {
                response.setStatus(206);
                response.setHeader("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
            } else {
                response.setStatus(200);
            }
            response.setContentLengthLong(length);
            if ("HEAD".equals(request.getMethod())) {
                return;
            }
            OutputStream out = response.getOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, length)));
            long position = first;
            long remaining = length;
            while (remaining > 0) {
                buffer.clear();
                buffer.limit((int) Math.min(buffer.capacity(), remaining));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    break; // file shrank meanwhile; the client sees a short body
                }
                out.write(buffer.array(), 0, n);
                position += n;
                remaining -= n;
            }
        }
    }
}
