package org.p2pstack.torrent.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.HttpOutput;
import org.p2pstack.api.web.ByteRange;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The HTTP web seed (BEP 19): {@code GET /webseed/<info hash>/<file name>} with byte ranges, on the private
 * site and (as {@code /public/webseed/...}, i.e. {@code /webseed/...} on the public connector) for visitors.
 * A browser's webtorrent client fetches pieces from here by Range.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/webseed/*", "/public/webseed/*" })
@HttpWhiteboardServletName("p2pstack-torrent-webseed")
public final class WebSeedServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int CHUNK = 256 * 1024;
    /** Largest file region mapped at once (a 1 GiB video is sent in a few slices). */
    private static final long MAPPED_SLICE = 64L * 1024 * 1024;
    private static final Map<String, String> TYPES = Map.of("webm", "video/webm", "mp4", "video/mp4", "m4v", "video/mp4",
            "mov", "video/quicktime", "mkv", "video/x-matroska", "jpg", "image/jpeg", "jpeg", "image/jpeg", "png",
            "image/png", "gif", "image/gif", "webp", "image/webp");

    private final transient TorrentServiceImpl torrents;

    @Activate
    public WebSeedServlet(@Reference TorrentServiceImpl torrents) {
        this.torrents = torrents;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        int slash = path.indexOf('/', 1);
        if (slash < 0) {
            notFound(response);
            return;
        }
        String infoHash = path.substring(1, slash).toLowerCase(Locale.ROOT);
        String name = path.substring(slash + 1);
        Optional<TorrentStore.Seeded> entry = torrents.seededEntry(infoHash);
        if (entry.isEmpty() || !entry.get().metainfo().name().equals(name)) {
            notFound(response);
            return;
        }
        TorrentStore.Seeded seeded = entry.get();
        long length = seeded.size();
        response.setHeader("Accept-Ranges", "bytes");
        response.setHeader("ETag", "\"" + infoHash + "\"");
        // a torrent's bytes never change under the same info hash
        response.setHeader("Cache-Control", "public, max-age=86400, immutable");
        // No Access-Control-Allow-Origin: the pages that read these bytes (the owner's home page, the public page
        // through I2P) are same-origin with the web seed; other sites must not read or probe what this node seeds.
        // The bytes are the user's media: never run them (a polyglot must stay inert).
        response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        response.setContentType(contentType(name));
        String ifRange = request.getHeader("If-Range");
        String rangeHeader = ifRange == null || ifRange.equals("\"" + infoHash + "\"") ? request.getHeader("Range") : null;
        ByteRange.Outcome outcome = ByteRange.parse(rangeHeader, length);
        long first = 0;
        long count = length;
        if (outcome instanceof ByteRange.Unsatisfiable) {
            response.setStatus(416);
            response.setHeader("Content-Range", "bytes */" + length);
            response.setContentLength(0);
            return;
        }
        if (outcome instanceof ByteRange.Partial partial) {
            first = partial.range().first();
            count = partial.range().length();
            response.setStatus(206);
            response.setHeader("Content-Range", "bytes " + first + "-" + partial.range().last() + "/" + length);
        }
        response.setContentLengthLong(count);
        if ("HEAD".equals(request.getMethod())) {
            return;
        }
        send(seeded, first, count, response.getOutputStream());
    }

    private static void send(TorrentStore.Seeded seeded, long first, long count, OutputStream out) throws IOException {
        try (FileChannel channel = FileChannel.open(seeded.file(), StandardOpenOption.READ)) {
            if (out instanceof HttpOutput jetty) {
                // zero-copy: Jetty writes straight from the memory-mapped file region to the socket
                for (long position = first, remaining = count; remaining > 0;) {
                    long slice = Math.min(remaining, MAPPED_SLICE);
                    jetty.sendContent(channel.map(FileChannel.MapMode.READ_ONLY, position, slice));
                    position += slice;
                    remaining -= slice;
                }
                return;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, count));
            long position = first;
            long remaining = count;
            while (remaining > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
                int read = channel.read(buffer, position);
                if (read < 0) {
                    throw new IOException("The file became shorter while it was being sent");
                }
                out.write(buffer.array(), 0, read);
                position += read;
                remaining -= read;
            }
        }
    }

    private static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        return TYPES.getOrDefault(dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        response.setStatus(404);
        response.setContentType("application/json;charset=utf-8");
        response.getWriter().write("{\"error\":\"This node does not seed that file.\"}");
    }
}
