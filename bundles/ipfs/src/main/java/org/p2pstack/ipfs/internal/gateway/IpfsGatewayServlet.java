package org.p2pstack.ipfs.internal.gateway;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.api.ipfs.DirectoryEntry;
import org.p2pstack.api.ipfs.IpfsService;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.web.ByteRange;
import org.p2pstack.api.web.WebSites;
import org.p2pstack.ipfs.internal.multiformats.Cid;
import org.p2pstack.ipfs.internal.multiformats.Multihash;

/**
 * The read-only IPFS gateway of the content origin ({@code 127.0.0.1:8183 + offset}), after kubo's subdomain gateway:
 * {@code http://<cidv1-base32>.ipfs.localhost:<gatewayPort>/<path>} serves that CID, so that every CID is an origin of
 * its own and none is the node's. {@code http://127.0.0.1|localhost:<gatewayPort>/ipfs/<cid>/<path>} answers 301 to
 * the subdomain form (CIDv0 turned into CIDv1, query kept). Any other {@code Host} is refused with 421 (DNS rebinding).
 *
 * <p>The core's site gate forwards every request of the gateway connector for {@code /x} to
 * {@link WebSites#GATEWAY_PREFIX}{@code /x} (segments percent-encoded) with its headers, and refuses that prefix on
 * the private site; this servlet reads the decoded path info and the original {@code Host}. What it serves: the
 * UnixFS file (type from the name in the path or sniffed, never from the query), a directory's {@code index.html} or
 * a list of its entries, with {@code ETag} = CID and path (cached for a year), HTTP Range and HEAD. Everything,
 * errors and redirects included, carries {@link #CSP} ({@code sandbox}: an opaque origin where no script runs and no
 * service worker can be registered), {@code nosniff} and {@code Referrer-Policy: no-referrer}; errors are
 * {@code {"error": "..."}}.
 *
 * <p>Time: every block the node fetches waits at most its fetch timeout ({@code fetchTimeoutSeconds}, clamped in
 * {@code IpfsComponent}); finding the file (path, directory, size, first bytes) runs on at most
 * {@link #MAX_LOOKUPS} threads of the gateway's own and gives up after {@link #LOOKUP_TIMEOUT} with 504, so a CID
 * nobody has holds no servlet thread longer than that; the body then streams block by block, each block again
 * within the fetch timeout.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(WebSites.GATEWAY_PREFIX + "/*")
@HttpWhiteboardServletName("p2pstack-ipfs-gateway")
public final class IpfsGatewayServlet extends HttpServlet {

    /**
     * Sent with every response. {@code sandbox} without {@code allow-scripts}: the document gets an opaque origin,
     * runs no script, submits no form, opens no pop-up and cannot register a service worker. The fetch directives let
     * an HTML page or directory listing show its own pictures, videos, styles and fonts (same CID only), nothing else.
     * Pictures and videos embedded elsewhere (the home page's {@code <img>}/{@code <video>}) are not documents: this
     * policy does not apply to them and they keep playing.
     */
    static final String CSP = "sandbox; default-src 'none'; img-src 'self' data: blob:; media-src 'self' data: blob:; "
            + "style-src 'self' 'unsafe-inline'; font-src 'self'; form-action 'none'; base-uri 'none'";
    /** Longest decoded path (after the prefix) accepted. */
    static final int MAX_PATH = 4096;
    /** Longest {@code ?filename=} looked at; longer names are cut. */
    static final int MAX_FILENAME = 255;
    /** How long finding a file (blocks of the path, directory, size, first bytes) may take before 504. */
    static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(60);
    /** Lookups that run at once (each may wait on the network), and how many more may wait for a thread; then 503. */
    static final int MAX_LOOKUPS = 16;
    static final int MAX_QUEUED_LOOKUPS = 64;

    private static final long serialVersionUID = 2L;

    private final transient IpfsService ipfs;
    private final transient GatewayGrants grants;
    private final int gatewayPort;
    private final Duration lookupTimeout;
    private final transient ThreadPoolExecutor lookups;

    @Activate
    public IpfsGatewayServlet(@Reference IpfsService ipfs, @Reference GatewayGrants grants, @Reference NodeEnvironment environment) {
        this(ipfs, grants, environment.gatewayPort(), LOOKUP_TIMEOUT);
    }

    IpfsGatewayServlet(IpfsService ipfs, GatewayGrants grants, int gatewayPort, Duration lookupTimeout) {
        this.ipfs = ipfs;
        this.grants = grants;
        this.gatewayPort = gatewayPort;
        this.lookupTimeout = lookupTimeout;
        this.lookups = new ThreadPoolExecutor(MAX_LOOKUPS, MAX_LOOKUPS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_LOOKUPS), r -> {
                    Thread t = new Thread(r, "p2pstack-ipfs-gateway-lookup");
                    t.setDaemon(true);
                    return t;
                });
        lookups.allowCoreThreadTimeOut(true);
    }

    @Deactivate
    void deactivate() {
        lookups.shutdownNow();
    }

    /** What a lookup found: a file to stream, or a directory without {@code index.html} to list. */
    private record Found(boolean directory, String file, long size, String type, List<DirectoryEntry> entries) {
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        // No Cross-Origin-Resource-Policy on purpose: the owner's home page (http://127.0.0.1:8181) embeds gateway
        // pictures and videos, and 127.0.0.1 and *.localhost are different sites, so "same-site" (or "same-origin")
        // would block exactly those embeds. Reading the bytes cross-origin stays impossible: there is no CORS header.
        String method = req.getMethod();
        boolean get = "GET".equals(method);
        if (!get && !"HEAD".equals(method)) {
            resp.setHeader("Allow", "GET, HEAD");
            error(resp, true, 405, "The gateway is read-only: GET and HEAD only.");
            return;
        }
        if (req.getLocalPort() != gatewayPort) {
            error(resp, get, 404, "The IPFS gateway is served on port " + gatewayPort + " only.");
            return;
        }
        GatewayHost host = GatewayHost.parse(req.getHeader("Host"), gatewayPort);
        if (host instanceof GatewayHost.Foreign) {
            error(resp, get, 421, "This gateway answers only as <cid>.ipfs.localhost:" + gatewayPort + ", localhost:"
                    + gatewayPort + " or 127.0.0.1:" + gatewayPort + ".");
            return;
        }
        // belt and braces: a sandboxed (opaque) origin cannot register a service worker anyway
        if ("script".equalsIgnoreCase(req.getHeader("Service-Worker"))
                || "serviceworker".equalsIgnoreCase(req.getHeader("Sec-Fetch-Dest"))) {
            error(resp, get, 403, "Content from IPFS cannot be a service worker.");
            return;
        }
        String path = req.getPathInfo() == null || req.getPathInfo().isEmpty() ? "/" : req.getPathInfo();
        if (path.length() > MAX_PATH) {
            error(resp, get, 414, "Path longer than " + MAX_PATH + " characters.");
            return;
        }
        if (host instanceof GatewayHost.PathForm) {
            pathForm(req, resp, get, path);
            return;
        }
        String label = ((GatewayHost.Subdomain) host).label();
        Cid cid;
        try {
            cid = Cid.parse(label);
        } catch (IllegalArgumentException e) {
            error(resp, get, 400, "The name before .ipfs.localhost is not a CID: " + e.getMessage());
            return;
        }
        String canonical = cid.toV1().toString();
        if (!canonical.equals(label)) {
            redirect(resp, canonical, path, req.getQueryString());
            return;
        }
        if (!cid.multihash().isSupported()) {
            error(resp, get, 501, "This node verifies only sha2-256 and identity hashes.");
            return;
        }
        if (cid.codec() != Cid.DAG_PB && cid.codec() != Cid.RAW) {
            error(resp, get, 501, "This gateway serves UnixFS (dag-pb) and raw blocks only.");
            return;
        }
        boolean local = cid.multihash().code() == Multihash.IDENTITY || ipfs.hasBlock(canonical);
        if (!local && !grants.isGranted(canonical)) {
            // any page can embed this origin: only what the owner opened may make the node ask the network
            error(resp, get, 403, "This node fetches IPFS content from the network only when you open it from your own "
                    + "p2pstack page (/ipfs/" + canonical + " there).");
            return;
        }
        serve(req, resp, get, canonical, path);
    }

    /** {@code /ipfs/<cid>[/<path>]} on localhost or 127.0.0.1: 301 to the CID's own origin. */
    private void pathForm(HttpServletRequest req, HttpServletResponse resp, boolean get, String path) throws IOException {
        if (!path.startsWith("/ipfs/")) {
            error(resp, get, 404, "Open IPFS content as http://<cid>.ipfs.localhost:" + gatewayPort + "/ (or /ipfs/<cid> here).");
            return;
        }
        String rest = path.substring("/ipfs/".length());
        int slash = rest.indexOf('/');
        try {
            Cid cid = Cid.parse(slash < 0 ? rest : rest.substring(0, slash));
            redirect(resp, cid.toV1().toString(), slash < 0 ? "/" : rest.substring(slash), req.getQueryString());
        } catch (IllegalArgumentException e) {
            error(resp, get, 400, "Not a CID: " + e.getMessage());
        }
    }

    private void redirect(HttpServletResponse resp, String cidV1, String path, String query) {
        StringBuilder location = new StringBuilder("http://").append(cidV1).append(GatewayHost.SUBDOMAIN_SUFFIX).append(':')
                .append(gatewayPort).append(encodePath(path));
        if (query != null && !query.isEmpty()) {
            location.append('?').append(cleanQuery(query));
        }
        resp.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
        resp.setHeader("Location", location.toString());
        resp.setContentLengthLong(0);
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, boolean get, String cid, String path) throws IOException {
        String inner = path;
        while (inner.startsWith("/")) {
            inner = inner.substring(1);
        }
        while (inner.endsWith("/")) {
            inner = inner.substring(0, inner.length() - 1);
        }
        String target = inner.isEmpty() ? cid : cid + "/" + inner;
        String etag = "\"" + cid + (inner.isEmpty() ? "" : encodePath("/" + inner)) + "\"";
        if (matches(req.getHeader("If-None-Match"), etag)) {
            cacheHeaders(resp, etag);
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        String name = inner.isEmpty() ? null : inner.substring(inner.lastIndexOf('/') + 1);
        Found found = lookup(resp, get, target, name);
        if (found == null) {
            return;
        }
        if (found.directory() && !path.endsWith("/")) {
            // relative links of a listing or an index.html resolve against the directory only with the slash
            redirect(resp, cid, path + "/", req.getQueryString());
            return;
        }
        cacheHeaders(resp, etag);
        if (found.entries() != null) {
            listing(resp, get, cid, inner, found.entries());
            return;
        }
        long size = found.size();
        ByteRange.Outcome outcome = ByteRange.parse(req.getHeader("Range"), size);
        if (outcome instanceof ByteRange.Unsatisfiable) {
            resp.setHeader("Content-Range", "bytes */" + size);
            error(resp, get, HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE,
                    "The range is outside the file's " + size + " bytes.");
            return;
        }
        ByteRange range = outcome instanceof ByteRange.Partial partial ? partial.range() : null;
        long start = range == null ? 0 : range.first();
        long length = range == null ? size : range.length();
        InputStream in = null;
        if (get && length > 0) {
            try {
                in = ipfs.cat(found.file(), start, length);
            } catch (IOException | RuntimeException e) {
                error(resp, get, HttpServletResponse.SC_GATEWAY_TIMEOUT, "Could not get " + target + ": " + e.getMessage());
                return;
            }
        }
        resp.setContentType(found.type());
        String disposition = contentDisposition(req.getParameter("filename"), "true".equals(req.getParameter("download")));
        if (disposition != null) {
            resp.setHeader("Content-Disposition", disposition);
        }
        if (range != null) {
            resp.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            resp.setHeader("Content-Range", range.contentRange(size));
        }
        resp.setContentLengthLong(length);
        if (in == null) {
            return;
        }
        // headers are out once bytes flow: a block that fails later aborts the response (the client sees it cut)
        try (InputStream body = in) {
            OutputStream out = resp.getOutputStream();
            body.transferTo(out);
        }
    }

    /** Finds the file (or listing) on a lookup thread within {@link #lookupTimeout}; null after answering an error. */
    private Found lookup(HttpServletResponse resp, boolean get, String target, String name) throws IOException {
        Future<Found> future;
        try {
            future = lookups.submit(() -> find(target, name));
        } catch (RejectedExecutionException e) {
            resp.setHeader("Retry-After", "5");
            error(resp, get, 503, "The gateway is busy fetching other content; try again in a moment.");
            return null;
        }
        try {
            return future.get(lookupTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true); // interrupts the wait for blocks: the node withdraws its wants
            error(resp, get, HttpServletResponse.SC_GATEWAY_TIMEOUT,
                    "Could not get " + target + " from the network within " + lookupTimeout.toSeconds() + " s.");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            error(resp, get, 503, "The gateway is stopping.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof FileNotFoundException) {
                error(resp, get, HttpServletResponse.SC_NOT_FOUND, cause.getMessage());
            } else if (cause instanceof IllegalArgumentException) {
                error(resp, get, HttpServletResponse.SC_BAD_REQUEST, cause.getMessage());
            } else if (cause instanceof IOException) {
                error(resp, get, HttpServletResponse.SC_GATEWAY_TIMEOUT, "Could not get " + target + ": " + cause.getMessage());
            } else {
                error(resp, get, HttpServletResponse.SC_BAD_GATEWAY, "Could not read " + target + ": " + cause);
            }
        }
        return null;
    }

    private Found find(String target, String name) throws IOException {
        String file = target;
        String fileName = name;
        if (ipfs.isDirectory(target)) {
            List<DirectoryEntry> entries = ipfs.ls(target);
            if (entries.stream().noneMatch(e -> e.name().equals("index.html"))) {
                return new Found(true, target, -1, "text/html; charset=utf-8", entries);
            }
            file = target + "/index.html";
            fileName = "index.html";
        }
        long size = ipfs.size(file);
        String type = ContentTypes.byName(fileName);
        if (type == null && size > 0) {
            try (InputStream in = ipfs.cat(file, 0, ContentTypes.SNIFF_BYTES)) {
                type = ContentTypes.sniff(in.readNBytes(ContentTypes.SNIFF_BYTES));
            }
        }
        return new Found(!file.equals(target), file, size, type == null ? ContentTypes.OCTET_STREAM : type, null);
    }

    private static void listing(HttpServletResponse resp, boolean get, String cid, String inner, List<DirectoryEntry> entries)
            throws IOException {
        String title = "/ipfs/" + cid + (inner.isEmpty() ? "" : "/" + inner);
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>").append(escape(title))
                .append("</title><h1>").append(escape(title)).append("</h1><ul>");
        for (DirectoryEntry e : entries) {
            html.append("<li><a href=\"").append(escape(encodeSegment(e.name()))).append("\">").append(escape(e.name()))
                    .append("</a></li>");
        }
        html.append("</ul>");
        byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
        resp.setContentType("text/html; charset=utf-8");
        resp.setContentLengthLong(bytes.length);
        if (get) {
            resp.getOutputStream().write(bytes);
        }
    }

    private static void cacheHeaders(HttpServletResponse resp, String etag) {
        resp.setHeader("ETag", etag);
        resp.setHeader("Accept-Ranges", "bytes");
        resp.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    }

    /** {@code {"error": message}} with {@code status}; never Jetty's HTML error page. */
    static void error(HttpServletResponse resp, boolean body, int status, String message) throws IOException {
        byte[] bytes = ("{\"error\":" + jsonString(message) + "}\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentType("application/json; charset=utf-8");
        resp.setContentLengthLong(bytes.length);
        if (body) {
            resp.getOutputStream().write(bytes);
        }
    }

    /**
     * {@code Content-Disposition} for {@code ?filename=} (and {@code &download=true}, as kubo): the name only names
     * the file; it never chooses the type. Path parts, quotes, backslashes and control characters are dropped; the
     * ASCII {@code filename} replaces other characters with {@code _}, {@code filename*} keeps them (RFC 6266).
     */
    static String contentDisposition(String filename, boolean download) {
        if (filename == null) {
            return null;
        }
        String name = filename.length() > 4 * MAX_FILENAME ? filename.substring(0, 4 * MAX_FILENAME) : filename;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder();
        name.codePoints().filter(c -> c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) && c != '"' && c != '\\')
                .limit(MAX_FILENAME).forEach(clean::appendCodePoint);
        String cleaned = clean.toString().strip();
        if (cleaned.isEmpty() || cleaned.equals(".") || cleaned.equals("..")) {
            return null;
        }
        StringBuilder ascii = new StringBuilder();
        cleaned.codePoints().forEach(c -> ascii.append(c < 0x80 ? (char) c : '_'));
        return (download ? "attachment" : "inline") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encodeSegment(cleaned);
    }

    /** True if an {@code If-None-Match} list names {@code etag} (weak or strong) or is {@code *}. */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(etag) || t.equals("*")) {
                return true;
            }
        }
        return false;
    }

    /** A decoded path with each segment percent-encoded (the slashes kept). */
    static String encodePath(String path) {
        StringBuilder out = new StringBuilder(path.length() + 16);
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            out.append(i == 0 ? "" : "/").append(encodeSegment(segments[i]));
        }
        return out.toString();
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder(segment.length());
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** The raw query string with anything outside printable ASCII percent-encoded, so it is safe in a header. */
    static String cleanQuery(String query) {
        StringBuilder out = new StringBuilder(query.length());
        for (byte b : query.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        String text = s == null ? "" : s;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
