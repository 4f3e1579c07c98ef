package org.p2pstack.ipfs.internal.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.ipfs.AddOptions;
import org.p2pstack.ipfs.internal.IpfsNode;
import org.p2pstack.ipfs.internal.multiformats.Cid;
import org.p2pstack.ipfs.internal.multiformats.Multihash;

/**
 * The gateway servlet, driven without a container as the core's site gate hands it requests: path info after
 * {@code /gateway}, the original Host header and query. Covers the V1 attack shapes of the security review.
 */
class GatewayTest {

    static final int PORT = 18183;
    /** A CID nobody has: asking for it waits on the network. */
    static final String MISSING = "bafkreigdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

    @TempDir
    Path dir;

    /** What the fake response recorded. */
    static final class Reply {
        int status = 200;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        String contentType;
        long length = -1;

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    /** A request as it reaches the servlet after the gate's forward. */
    static final class Request {
        String method = "GET";
        String host;
        String path;
        String query;
        int localPort = PORT;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        Request(String host, String path) {
            this.host = host;
            this.path = path;
        }

        Request query(String q) {
            query = q;
            return this;
        }

        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Request method(String m) {
            method = m;
            return this;
        }

        Request localPort(int p) {
            localPort = p;
            return this;
        }

        String parameter(String name) {
            if (query == null) {
                return null;
            }
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (key.equals(name)) {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    static String sub(String cid) {
        return cid + ".ipfs.localhost:" + PORT;
    }

    static Reply send(javax.servlet.http.HttpServlet servlet, Request r) throws Exception {
        Reply reply = new Reply();
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(GatewayTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> r.method;
                    case "getPathInfo" -> r.path;
                    case "getQueryString" -> r.query;
                    case "getParameter" -> r.parameter((String) a[0]);
                    case "getHeader" -> ((String) a[0]).equalsIgnoreCase("Host") ? r.host : r.headers.get((String) a[0]);
                    case "getLocalPort" -> r.localPort;
                    case "getDateHeader" -> -1L;
                    case "getProtocol" -> "HTTP/1.1";
                    default -> null;
                });
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                reply.body.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                reply.body.write(b, off, len);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }
        };
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(GatewayTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus", "sendError" -> reply.status = (Integer) a[0];
                        case "setHeader" -> reply.headers.put((String) a[0], (String) a[1]);
                        case "setContentType" -> reply.contentType = (String) a[0];
                        case "setContentLengthLong" -> reply.length = (Long) a[0];
                        case "sendRedirect" -> throw new AssertionError("the gateway builds its own Location");
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> {
                            return null;
                        }
                    }
                    return null;
                });
        servlet.service(req, resp);
        return reply;
    }

    static Reply get(IpfsGatewayServlet servlet, String cid, String path, Map<String, String> headers) throws Exception {
        Request r = new Request(sub(cid), path);
        r.headers.putAll(headers);
        return send(servlet, r);
    }

    static IpfsNode node(Path dir, Duration fetchTimeout) throws Exception {
        return new IpfsNode(new IpfsNode.Settings(dir, "127.0.0.1", 0, List.of(), fetchTimeout, Duration.ZERO));
    }

    /** A gateway for which {@link #MISSING} was opened by the owner (so that it may ask the network for it). */
    static IpfsGatewayServlet servlet(IpfsNode node) {
        return new IpfsGatewayServlet(node, grantedMissing(), PORT, IpfsGatewayServlet.LOOKUP_TIMEOUT);
    }

    static GatewayGrants grantedMissing() {
        GatewayGrants grants = new GatewayGrants();
        grants.grant(MISSING);
        return grants;
    }

    static String v1(String cid) {
        return Cid.parse(cid).toV1().toString();
    }

    /** Every answer, whatever its status, is sandboxed and never borrows the home page's site. */
    static void assertSandboxed(Reply r) {
        String csp = r.headers.get("Content-Security-Policy");
        assertTrue(csp != null && csp.startsWith("sandbox;") && !csp.contains("allow-scripts"), r.status + " " + csp);
        assertTrue(csp.contains("default-src 'none'"), csp);
        assertEquals("nosniff", r.headers.get("X-Content-Type-Options"));
        assertEquals("no-referrer", r.headers.get("Referrer-Policy"));
        assertNull(r.headers.get("Cross-Origin-Resource-Policy"), "the home page at 127.0.0.1 embeds gateway media");
        assertNull(r.headers.get("Access-Control-Allow-Origin"));
    }

    static void assertJsonError(Reply r, int status) {
        assertEquals(status, r.status, r.text());
        assertEquals("application/json; charset=utf-8", r.contentType);
        assertTrue(r.text().startsWith("{\"error\":\""), r.text());
        assertSandboxed(r);
    }

    @Test
    void rangesAndHeaders() throws Exception {
        try (IpfsNode node = node(dir, Duration.ofSeconds(1))) {
            byte[] data = new byte[3 * 262_144 + 17];
            new Random(3).nextBytes(data);
            String cid = v1(node.add(new ByteArrayInputStream(data), AddOptions.KUBO));
            IpfsGatewayServlet servlet = servlet(node);

            Reply whole = get(servlet, cid, "/", Map.of());
            assertEquals(200, whole.status);
            assertArrayEquals(data, whole.body.toByteArray());
            assertEquals("\"" + cid + "\"", whole.headers.get("ETag"));
            assertEquals("public, max-age=31536000, immutable", whole.headers.get("Cache-Control"));
            assertEquals(data.length, whole.length);
            assertSandboxed(whole);

            Reply part = get(servlet, cid, "/", Map.of("Range", "bytes=262140-262150"));
            assertEquals(206, part.status);
            assertArrayEquals(Arrays.copyOfRange(data, 262140, 262151), part.body.toByteArray());
            assertEquals("bytes 262140-262150/" + data.length, part.headers.get("Content-Range"));
            assertSandboxed(part);

            Reply suffix = get(servlet, cid, "/", Map.of("Range", "bytes=-10"));
            assertArrayEquals(Arrays.copyOfRange(data, data.length - 10, data.length), suffix.body.toByteArray());
            Reply open = get(servlet, cid, "/", Map.of("Range", "bytes=786400-"));
            assertArrayEquals(Arrays.copyOfRange(data, 786400, data.length), open.body.toByteArray());

            Reply unsatisfiable = get(servlet, cid, "/", Map.of("Range", "bytes=" + data.length + "-"));
            assertJsonError(unsatisfiable, 416);
            assertEquals("bytes */" + data.length, unsatisfiable.headers.get("Content-Range"));

            Reply notModified = get(servlet, cid, "/", Map.of("If-None-Match", "W/\"x\", \"" + cid + "\""));
            assertEquals(304, notModified.status);
            assertSandboxed(notModified);

            Reply head = send(servlet, new Request(sub(cid), "/").method("HEAD"));
            assertEquals(200, head.status);
            assertEquals(data.length, head.length);
            assertEquals(0, head.body.size());

            // a block nobody has: the network timeout (1 s here) turns into 504, as JSON, and is not cached
            Reply missing = get(servlet, MISSING, "/", Map.of());
            assertJsonError(missing, 504);
            assertEquals("no-store", missing.headers.get("Cache-Control"));

            Reply html = get(servlet, v1(node.add(new ByteArrayInputStream("<html><body>hi</body></html>".getBytes()), AddOptions.KUBO)),
                    "/", Map.of());
            assertEquals("text/html", html.contentType);
            assertSandboxed(html);
        }
    }

    @Test
    void directoriesPathsAndIndex() throws Exception {
        try (IpfsNode node = node(dir.resolve("n"), Duration.ofSeconds(1))) {
            Path site = dir.resolve("site");
            Files.createDirectories(site.resolve("docs"));
            Files.writeString(site.resolve("docs/readme.txt"), "read me");
            Files.writeString(site.resolve("docs/a b.txt"), "spaces");
            Files.writeString(site.resolve("docs/<img onerror=x>.txt"), "markup in a name");
            String cid = v1(node.add(site, AddOptions.KUBO));
            IpfsGatewayServlet servlet = servlet(node);
            Reply file = get(servlet, cid, "/docs/readme.txt", Map.of("Range", "bytes=5-"));
            assertEquals(206, file.status);
            assertEquals("me", file.text());
            assertEquals("text/plain", file.contentType);
            assertEquals("\"" + cid + "/docs/readme.txt\"", file.headers.get("ETag"));
            assertEquals("spaces", get(servlet, cid, "/docs/a b.txt", Map.of()).text());

            Reply list = get(servlet, cid, "/docs/", Map.of());
            assertEquals(200, list.status);
            assertEquals("text/html; charset=utf-8", list.contentType);
            assertSandboxed(list);
            String html = list.text();
            assertTrue(html.contains("href=\"a%20b.txt\"") && html.contains("readme.txt"), html);
            assertFalse(html.contains("<img"), html);

            // a directory without its slash: relative links would resolve one level too high
            Reply slash = send(servlet, new Request(sub(cid), "/docs").query("x=1"));
            assertEquals(301, slash.status);
            assertEquals("http://" + sub(cid) + "/docs/?x=1", slash.headers.get("Location"));
            assertSandboxed(slash);

            assertJsonError(get(servlet, cid, "/docs/missing", Map.of()), 404);

            Files.writeString(site.resolve("index.html"), "<html><body>home</body></html>");
            String withIndex = node.add(site, AddOptions.KUBO_CID_V1);
            Reply index = get(servlet, withIndex, "/", Map.of());
            assertEquals("<html><body>home</body></html>", index.text());
            assertEquals("text/html", index.contentType);
            assertSandboxed(index);
            assertEquals(List.of("docs", "index.html"), node.ls(withIndex).stream().map(e -> e.name()).toList());
        }
    }

    /** V1: {@code ?filename=} was the way to make any bytes HTML, SVG or script; now it only names the download. */
    @Test
    void filenameNeverChoosesTheType() throws Exception {
        try (IpfsNode node = node(dir, Duration.ofSeconds(1))) {
            IpfsGatewayServlet servlet = servlet(node);
            String text = v1(node.add(new ByteArrayInputStream("alert(document.domain)".getBytes()), AddOptions.KUBO));
            byte[] bytes = new byte[300];
            new Random(5).nextBytes(bytes);
            bytes[0] = 0x01;
            String binary = v1(node.add(new ByteArrayInputStream(bytes), AddOptions.KUBO));
            for (String name : List.of("x.html", "x.svg", "x.js", "x.xhtml", "x.xml", "x.mjs", "X.HTML")) {
                Reply r = send(servlet, new Request(sub(text), "/").query("filename=" + name));
                assertEquals(200, r.status);
                assertEquals("text/plain", r.contentType, name);
                assertEquals("inline; filename=\"" + name + "\"; filename*=UTF-8''" + name, r.headers.get("Content-Disposition"));
                assertSandboxed(r);
                Reply b = send(servlet, new Request(sub(binary), "/").query("filename=" + name));
                assertEquals("application/octet-stream", b.contentType, name);
            }
            // markup stays what it is (inert under the sandbox); a harmless name does not hide it either
            String page = v1(node.add(new ByteArrayInputStream("<!doctype html><script>alert(1)</script>".getBytes()), AddOptions.KUBO));
            Reply asText = send(servlet, new Request(sub(page), "/").query("filename=notes.txt"));
            assertEquals("text/html", asText.contentType);
            assertSandboxed(asText);

            Reply download = send(servlet, new Request(sub(text), "/").query("filename=..%2F..%2Fé%22%0D%0Ax.html&download=true"));
            assertEquals("attachment; filename=\"_x.html\"; filename*=UTF-8''%C3%A9x.html", download.headers.get("Content-Disposition"));
            assertEquals("text/plain", download.contentType);
            assertNull(IpfsGatewayServlet.contentDisposition("../..", false));
        }
    }

    /** A script in a path is served as script, but sandboxed: no service worker can come from the gateway. */
    @Test
    void scriptsAreSandboxedAndNeverServiceWorkers() throws Exception {
        try (IpfsNode node = node(dir.resolve("n"), Duration.ofSeconds(1))) {
            Path site = dir.resolve("site");
            Files.createDirectories(site);
            Files.writeString(site.resolve("sw.js"), "self.addEventListener('fetch', e => e.respondWith(new Response('pwned')))");
            Files.writeString(site.resolve("pic.svg"), "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>");
            String cid = node.add(site, AddOptions.KUBO_CID_V1);
            IpfsGatewayServlet servlet = servlet(node);
            Reply js = get(servlet, cid, "/sw.js", Map.of());
            assertEquals(200, js.status);
            assertEquals("text/javascript", js.contentType);
            assertSandboxed(js);
            Reply svg = get(servlet, cid, "/pic.svg", Map.of());
            assertEquals("image/svg+xml", svg.contentType);
            assertSandboxed(svg);
            assertJsonError(get(servlet, cid, "/sw.js", Map.of("Service-Worker", "script")), 403);
            assertJsonError(get(servlet, cid, "/sw.js", Map.of("Sec-Fetch-Dest", "serviceworker")), 403);
        }
    }

    @Test
    void pathFormRedirectsToTheCidsOwnOrigin() throws Exception {
        try (IpfsNode node = node(dir, Duration.ofSeconds(1))) {
            IpfsGatewayServlet servlet = servlet(node);
            String v0 = node.add(new ByteArrayInputStream("hello".getBytes()), AddOptions.KUBO);
            assertTrue(v0.startsWith("Qm"), v0);
            String v1 = v1(v0);
            assertTrue(v1.startsWith("bafybei"), v1);
            for (String host : List.of("127.0.0.1:" + PORT, "localhost:" + PORT, "LOCALHOST:" + PORT)) {
                Reply r = send(servlet, new Request(host, "/ipfs/" + v0).query("filename=x.html"));
                assertEquals(301, r.status);
                assertEquals("http://" + v1 + ".ipfs.localhost:" + PORT + "/?filename=x.html", r.headers.get("Location"));
                assertSandboxed(r);
            }
            Reply deep = send(servlet, new Request("127.0.0.1:" + PORT, "/ipfs/" + v0 + "/docs/a b/é.txt"));
            assertEquals("http://" + v1 + ".ipfs.localhost:" + PORT + "/docs/a%20b/%C3%A9.txt", deep.headers.get("Location"));
            // a CIDv1 in another base, in the path or as the label, ends at the base32 name
            String base58 = "z" + org.p2pstack.ipfs.internal.multiformats.Base58.encode(Cid.parse(v1).bytes());
            assertEquals("http://" + v1 + ".ipfs.localhost:" + PORT + "/",
                    send(servlet, new Request("localhost:" + PORT, "/ipfs/" + base58)).headers.get("Location"));
            StringBuilder hex = new StringBuilder("f");
            for (byte b : Cid.parse(v1).bytes()) {
                hex.append(String.format("%02x", b));
            }
            Reply label = send(servlet, new Request(sub(hex.toString()), "/a").query("b=c"));
            assertEquals(301, label.status);
            assertEquals("http://" + v1 + ".ipfs.localhost:" + PORT + "/a?b=c", label.headers.get("Location"));

            assertJsonError(send(servlet, new Request("127.0.0.1:" + PORT, "/ipfs/notacid")), 400);
            assertJsonError(send(servlet, new Request("127.0.0.1:" + PORT, "/")), 404);
            assertJsonError(send(servlet, new Request("127.0.0.1:" + PORT, "/api/session")), 404);
            assertEquals("hello", get(servlet, v1, "/", Map.of()).text());
        }
    }

    /** DNS rebinding: a page under its own name that resolves to 127.0.0.1 gets nothing. */
    @Test
    void foreignHostsAre421() throws Exception {
        try (IpfsNode node = node(dir, Duration.ofSeconds(1))) {
            IpfsGatewayServlet servlet = servlet(node);
            String cid = v1(node.add(new ByteArrayInputStream("hello".getBytes()), AddOptions.KUBO));
            for (String host : Arrays.asList("evil.test:" + PORT, "127.0.0.1:8181", "localhost", cid + ".ipfs.localhost",
                    cid + ".ipfs.localhost:8181", cid + ".ipfs.localhost.evil.test:" + PORT, "ipfs.localhost:" + PORT,
                    ".ipfs.localhost:" + PORT, "[::1]:" + PORT, "localhost.:" + PORT, "", null)) {
                Reply r = send(servlet, new Request(host, "/ipfs/" + cid));
                assertJsonError(r, 421);
                Reply s = send(servlet, new Request(host, "/"));
                assertJsonError(s, 421);
                assertFalse(s.text().contains("hello"));
            }
            assertJsonError(send(servlet, new Request(sub(cid), "/").localPort(8181)), 404);
            assertJsonError(send(servlet, new Request(sub(cid), "/").method("POST")), 405);
        }
    }

    @Test
    void labelsThatAreNotCidsAre400() throws Exception {
        try (IpfsNode node = node(dir, Duration.ofSeconds(1))) {
            IpfsGatewayServlet servlet = servlet(node);
            for (String label : List.of("notacid", "bafy", "qmtqetxrkg9ipxohewhecze2qzbceorcvu3wf8nhogypmz", "a.b", "x" + "b".repeat(600))) {
                Reply r = send(servlet, new Request(label + ".ipfs.localhost:" + PORT, "/"));
                assertEquals(label.length() > 500 ? 421 : 400, r.status, label);
                assertJsonError(r, r.status);
            }
        }
    }

    /** An identity CID carries its bytes: answered from the CID, with no network search even on a slow node. */
    @Test
    void identityCidsAnswerAtOnce() throws Exception {
        try (IpfsNode node = node(dir, Duration.ofSeconds(30))) {
            IpfsGatewayServlet servlet = servlet(node);
            long t0 = System.nanoTime();
            Reply empty = get(servlet, "bafkqaaa", "/", Map.of());
            assertEquals(200, empty.status);
            assertEquals(0, empty.length);
            assertSandboxed(empty);
            String hello = Cid.v1(Cid.RAW, Multihash.identity("hello, world".getBytes())).toString();
            Reply r = get(servlet, hello, "/", Map.of());
            assertEquals(200, r.status);
            assertEquals("hello, world", r.text());
            assertEquals("text/plain", r.contentType);
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "answered without waiting on the network");
        }
    }

    /**
     * V1's side effect: any page can embed {@code <cid>.ipfs.localhost}. A CID that is not here and that the owner did
     * not open from the private site is refused at once, without asking the network; opening it grants the fetch.
     */
    @Test
    void onlyWhatTheOwnerOpenedIsFetchedFromTheNetwork() throws Exception {
        try (IpfsNode node = node(dir, Duration.ofSeconds(30))) {
            GatewayGrants grants = new GatewayGrants();
            IpfsGatewayServlet servlet = new IpfsGatewayServlet(node, grants, PORT, Duration.ofMillis(500));
            try {
                long t0 = System.nanoTime();
                Reply refused = get(servlet, MISSING, "/", Map.of());
                assertJsonError(refused, 403);
                assertSandboxed(refused);
                assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(1).toNanos(), "no network search");
                String local = v1(node.add(new ByteArrayInputStream("here already".getBytes()), AddOptions.KUBO));
                assertEquals(200, get(servlet, local, "/", Map.of()).status, "what the node holds is served");

                IpfsOpenServlet open = new IpfsOpenServlet(grants, 8181, PORT);
                Reply opened = send(open, new Request("127.0.0.1:8181", "/" + MISSING + "/a b").localPort(8181).query("filename=x.html"));
                assertEquals(303, opened.status);
                assertEquals("http://" + MISSING + ".ipfs.localhost:" + PORT + "/a%20b?filename=x.html", opened.headers.get("Location"));
                assertEquals(504, get(servlet, MISSING, "/", Map.of()).status, "opened: now the network is asked");
                // (errors of the private site carry the site gate's CSP, not the gateway's sandbox)
                assertEquals(400, send(open, new Request("127.0.0.1:8181", "/not-a-cid").localPort(8181)).status);
                assertEquals(404, send(open, new Request("127.0.0.1:8183", "/" + MISSING).localPort(PORT)).status);
            } finally {
                servlet.deactivate();
            }
        }
    }

    @Test
    void grantsExpireAndAreBounded() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000);
        java.time.Clock clock = new java.time.Clock() {
            public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            public java.time.Clock withZone(java.time.ZoneId zone) { return this; }
            public java.time.Instant instant() { return java.time.Instant.ofEpochMilli(now.get()); }
        };
        GatewayGrants grants = new GatewayGrants(clock);
        grants.grant("a");
        assertTrue(grants.isGranted("a"));
        now.addAndGet(GatewayGrants.GRANT_TIME.toMillis() + 1);
        assertFalse(grants.isGranted("a"));
        for (int i = 0; i <= GatewayGrants.MAX_GRANTS; i++) {
            grants.grant("c" + i);
        }
        assertFalse(grants.isGranted("c0"), "the oldest grant goes first");
        assertTrue(grants.isGranted("c" + GatewayGrants.MAX_GRANTS));
    }

    /** A CID nobody has holds the request no longer than the gateway's lookup deadline, whatever the node's timeout. */
    @Test
    void lookupsAreBounded() throws Exception {
        try (IpfsNode node = node(dir, Duration.ofSeconds(30))) {
            IpfsGatewayServlet servlet = new IpfsGatewayServlet(node, grantedMissing(), PORT, Duration.ofMillis(500));
            try {
                long t0 = System.nanoTime();
                Reply r = get(servlet, MISSING, "/", Map.of());
                assertJsonError(r, 504);
                assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
            } finally {
                servlet.deactivate();
            }
        }
    }

    @Test
    void hostHeaderForms() {
        assertEquals(new GatewayHost.Subdomain("bafkqaaa"), GatewayHost.parse("BAFKQAAA.IPFS.LOCALHOST:8183", 8183));
        assertEquals(new GatewayHost.PathForm(), GatewayHost.parse("127.0.0.1:8183", 8183));
        assertEquals(new GatewayHost.PathForm(), GatewayHost.parse("localhost", 80));
        assertEquals(new GatewayHost.Foreign(), GatewayHost.parse("localhost:8183", 8184));
        assertEquals(new GatewayHost.Foreign(), GatewayHost.parse("localhost:80", 8183));
        assertEquals(new GatewayHost.Foreign(), GatewayHost.parse("evil.test:8183", 8183));
    }

    @Test
    void sniffing() {
        assertEquals("text/html", ContentTypes.sniff("\ufeff  <!DOCTYPE html><p>".getBytes(StandardCharsets.UTF_8)));
        assertEquals("image/svg+xml", ContentTypes.sniff("<?xml version='1.0'?><svg>".getBytes()));
        assertEquals("application/xml", ContentTypes.sniff("<?xml version='1.0'?><a/>".getBytes()));
        assertEquals("text/plain", ContentTypes.sniff("just words <b".getBytes()));
        assertEquals("image/png", ContentTypes.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0}));
        assertEquals("video/webm", ContentTypes.sniff(new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3, 1}));
        assertEquals("video/mp4", ContentTypes.sniff(new byte[] {0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}));
        assertNull(ContentTypes.sniff(new byte[] {1, 2, 3}));
        assertEquals("text/javascript", ContentTypes.byName("a.JS"));
        assertNull(ContentTypes.byName("README"));
    }
}
