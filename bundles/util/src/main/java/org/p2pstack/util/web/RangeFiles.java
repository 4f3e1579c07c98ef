package org.p2pstack.util.web;

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

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.p2pstack.api.web.ByteRange;

/** Serves a file from disk with HTTP Range (RFC 9110 §14): one range per request, validators, HEAD. */
public final class RangeFiles {

    private static final int CHUNK = 256 * 1024;

    private RangeFiles() {
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
            ByteRange.Outcome outcome = ifRange == null || ifRange.equals(etag)
                    ? ByteRange.parse(request.getHeader("Range"), size) : new ByteRange.Whole();
            if (outcome instanceof ByteRange.Unsatisfiable) {
                response.setStatus(416);
                response.setHeader("Content-Range", "bytes */" + size);
                return;
            }
            ByteRange range = outcome instanceof ByteRange.Partial partial ? partial.range() : null;
            long first = range == null ? 0 : range.first();
            long length = range == null ? size : range.length();
            if (range != null) {
                response.setStatus(206);
                response.setHeader("Content-Range", range.contentRange(size));
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
