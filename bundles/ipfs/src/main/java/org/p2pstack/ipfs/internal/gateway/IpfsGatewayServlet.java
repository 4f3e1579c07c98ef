package org.p2pstack.ipfs.internal.gateway;

import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLConnection;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.api.ipfs.DirectoryEntry;
import org.p2pstack.api.ipfs.IpfsService;
import org.p2pstack.api.web.ByteRange;

/**
 * Read-only HTTP gateway {@code GET /ipfs/<cid>[/<path>]}: the UnixFS file with its content type, {@code ETag} = CID
 * (content never changes, so it is cached for a year), and HTTP Range. Missing blocks are fetched from the
 * network within the node's fetch timeout; a timeout answers 504 with a sentence that says so. A directory
 * shows its {@code index.html}, or else a list of its entries.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/ipfs/*")
@HttpWhiteboardServletName("p2pstack-ipfs-gateway")
public final class IpfsGatewayServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int SNIFF_BYTES = 512;
    /** Longest {@code <cid>/<path>} accepted. */
    private static final int MAX_PATH = 4096;

    private final transient IpfsService ipfs;

    @Activate
    public IpfsGatewayServlet(@Reference IpfsService ipfs) {
        this.ipfs = ipfs;
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, false);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, true);
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, boolean body) throws IOException {
        String path = req.getPathInfo();
        if (path == null || path.length() < 2) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND, "Use /ipfs/<cid>[/<path>]");
            return;
        }
        String target = path.substring(1);
        while (target.endsWith("/")) {
            target = target.substring(0, target.length() - 1);
        }
        if (target.length() > MAX_PATH) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "Path too long");
            return;
        }
        String etag = "\"" + target + "\"";
        resp.setHeader("ETag", etag);
        resp.setHeader("Accept-Ranges", "bytes");
        resp.setHeader("Cache-Control", "public, max-age=31536000, immutable");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (etag.equals(req.getHeader("If-None-Match"))) {
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        long size;
        try {
            if (ipfs.isDirectory(target)) {
                List<DirectoryEntry> entries = ipfs.ls(target);
                if (entries.stream().noneMatch(e -> e.name().equals("index.html"))) {
                    listing(req, resp, target, entries, body);
                    return;
                }
                target = target + "/index.html";
            }
            size = ipfs.size(target);
        } catch (IllegalArgumentException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        } catch (FileNotFoundException e) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND, e.getMessage());
            return;
        } catch (IOException e) {
            resp.sendError(HttpServletResponse.SC_GATEWAY_TIMEOUT, "Could not get " + target + ": " + e.getMessage());
            return;
        }
        ByteRange.Outcome outcome = ByteRange.parse(req.getHeader("Range"), size);
        if (outcome instanceof ByteRange.Unsatisfiable) {
            resp.setHeader("Content-Range", "bytes */" + size);
            resp.sendError(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            return;
        }
        ByteRange range = outcome instanceof ByteRange.Partial partial ? partial.range() : null;
        long start = range == null ? 0 : range.first();
        long length = range == null ? size : range.length();
        String cid = target;
        String filename = req.getParameter("filename");
        if (filename == null && target.contains("/")) {
            filename = target.substring(target.lastIndexOf('/') + 1);
        }
        String type = contentType(cid, filename, size);
        resp.setContentType(type);
        if (range != null) {
            resp.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            resp.setHeader("Content-Range", range.contentRange(size));
        }
        resp.setContentLengthLong(length);
        if (!body || length == 0) {
            return;
        }
        try (InputStream in = ipfs.cat(cid, start, length)) {
            OutputStream out = resp.getOutputStream();
            in.transferTo(out);
        }
    }

    private static void listing(HttpServletRequest req, HttpServletResponse resp, String target, List<DirectoryEntry> entries,
            boolean body) throws IOException {
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>")
                .append(escape(target)).append("</title><h1>").append(escape(target)).append("</h1><ul>");
        String base = req.getPathInfo().endsWith("/") ? "" : target.substring(target.lastIndexOf('/') + 1) + "/";
        for (DirectoryEntry e : entries) {
            String href = base + URLEncoder.encode(e.name(), StandardCharsets.UTF_8).replace("+", "%20");
            html.append("<li><a href=\"").append(escape(href)).append("\">").append(escape(e.name())).append("</a></li>");
        }
        html.append("</ul>");
        byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
        resp.setContentType("text/html; charset=utf-8");
        resp.setContentLengthLong(bytes.length);
        if (body) {
            resp.getOutputStream().write(bytes);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private String contentType(String cid, String filename, long size) {
        String type = null;
        if (filename != null) {
            type = URLConnection.guessContentTypeFromName(filename);
        }
        if (type == null && size > 0) {
            try (InputStream in = new BufferedInputStream(ipfs.cat(cid, 0, SNIFF_BYTES), SNIFF_BYTES)) {
                type = URLConnection.guessContentTypeFromStream(in);
            } catch (IOException e) {
                type = null;
            }
        }
        return type == null ? "application/octet-stream" : type;
    }
}
