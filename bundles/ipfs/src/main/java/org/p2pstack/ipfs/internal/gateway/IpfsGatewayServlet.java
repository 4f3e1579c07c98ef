package org.p2pstack.ipfs.internal.gateway;

import java.io.BufferedInputStream;
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
import org.p2pstack.api.ipfs.IpfsService;

/**
 * Read-only HTTP gateway {@code GET /ipfs/<cid>}: the UnixFS file with its content type, {@code ETag} = CID
 * (content never changes, so it is cached for a year), and HTTP Range. Missing blocks are fetched from the
 * network within the node's fetch timeout; a timeout answers 504 with a sentence that says so.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/ipfs/*")
@HttpWhiteboardServletName("p2pstack-ipfs-gateway")
public final class IpfsGatewayServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int SNIFF_BYTES = 512;

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
            resp.sendError(HttpServletResponse.SC_NOT_FOUND, "Use /ipfs/<cid>");
            return;
        }
        String[] parts = path.substring(1).split("/", 2);
        String cid = parts[0];
        if (parts.length > 1 && !parts[1].isEmpty()) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND, "Paths inside directories are not supported yet: " + path);
            return;
        }
        String etag = "\"" + cid + "\"";
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
            size = ipfs.size(cid);
        } catch (IllegalArgumentException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        } catch (IOException e) {
            resp.sendError(HttpServletResponse.SC_GATEWAY_TIMEOUT, "Could not get " + cid + ": " + e.getMessage());
            return;
        }
        ByteRange range;
        try {
            range = ByteRange.parse(req.getHeader("Range"), size);
        } catch (ByteRange.Unsatisfiable e) {
            resp.setHeader("Content-Range", "bytes */" + size);
            resp.sendError(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            return;
        }
        long start = range == null ? 0 : range.start();
        long length = range == null ? size : range.length();
        String type = contentType(cid, req.getParameter("filename"), size);
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
