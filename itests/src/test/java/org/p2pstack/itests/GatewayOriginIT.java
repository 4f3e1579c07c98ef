package org.p2pstack.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.p2pstack.itests.harness.NodeProcess;

/**
 * V1 of the security review in the assembled distribution: IPFS content is served only on the content origin
 * (127.0.0.1:8183 + offset), each CID under a name of its own ({@code <cidv1>.ipfs.localhost}), everything sandboxed;
 * neither the private nor the public site serves it. Requests are written by hand because {@code java.net.http}
 * does not let a client choose the {@code Host} header, and the Host is what this test is about.
 */
class GatewayOriginIT {

    /** What an attacker publishes on IPFS (as in e2e/tests/security.test.js). */
    static final String XSS_PAGE = "<!doctype html><title>ipfs page</title><script>document.title = 'PWNED';"
            + "fetch('/api/session');navigator.serviceWorker && navigator.serviceWorker.register('sw.js');</script><p>hello</p>";

    record Raw(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name, "");
        }
    }

    /** One HTTP/1.1 request to 127.0.0.1:{@code port} with the given Host. */
    static Raw raw(int port, String method, String host, String target, String... headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(90_000);
            StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                map.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
            String body = new String(text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), map, body);
        }
    }

    static void assertSandboxed(Raw r) {
        assertTrue(r.header("Content-Security-Policy").startsWith("sandbox"), r.status() + " " + r.headers());
        assertFalse(r.header("Content-Security-Policy").contains("allow-scripts"), r.headers().toString());
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals("no-referrer", r.header("Referrer-Policy"));
    }

    static void assertJsonError(Raw r, int status) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.headers().toString());
        assertTrue(r.body().startsWith("{\"error\":"), r.body());
        assertSandboxed(r);
    }

    @Test
    void ipfsContentLivesOnTheContentOriginOnly() throws Exception {
        Path work = NodeProcess.pathProperty("itest.work");
        try (NodeProcess node = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("node-gateway"),
                Integer.getInteger("itest.port.offset", 1000) + 900)) {
            node.start();
            node.awaitReady(Duration.ofSeconds(90));
            int gateway = node.privatePort() + 2; // NodeEnvironment.gatewayPort(): 8183 + offset
            Path file = Files.writeString(work.resolve("gateway-xss.html"), XSS_PAGE);
            Matcher added = Pattern.compile("(Qm[1-9A-HJ-NP-Za-km-z]{44})").matcher(node.console("ipfs:add " + file));
            assertTrue(added.find());
            String v0 = added.group(1);

            // the path form on the content origin: 301 to the CID's own origin, CIDv1 in base32, query kept
            Raw redirect = raw(gateway, "GET", "127.0.0.1:" + gateway, "/ipfs/" + v0 + "?filename=x.html");
            assertEquals(301, redirect.status());
            assertSandboxed(redirect);
            Matcher location = Pattern.compile("^http://(b[a-z2-7]+)\\.ipfs\\.localhost:" + gateway + "/\\?filename=x\\.html$")
                    .matcher(redirect.header("Location"));
            assertTrue(location.find(), redirect.header("Location"));
            String origin = location.group(1) + ".ipfs.localhost:" + gateway;
            assertEquals(301, raw(gateway, "GET", "localhost:" + gateway, "/ipfs/" + v0).status());

            // the CID's origin: the page, inert; ?filename= only names it
            Raw page = raw(gateway, "GET", origin, "/?filename=x.html");
            assertEquals(200, page.status());
            assertSandboxed(page);
            assertEquals(XSS_PAGE, page.body());
            assertEquals("\"" + location.group(1) + "\"", page.header("ETag"));
            assertTrue(page.header("Content-Disposition").startsWith("inline; filename=\"x.html\""), page.headers().toString());
            assertEquals("", page.header("Cross-Origin-Resource-Policy"), "the home page embeds gateway media");
            assertEquals("", page.header("Access-Control-Allow-Origin"));
            Raw notes = raw(gateway, "GET", origin, "/?filename=x.txt");
            assertEquals(page.header("Content-Type"), notes.header("Content-Type"), "the type never comes from ?filename=");

            Raw range = raw(gateway, "GET", origin, "/", "Range", "bytes=0-14");
            assertEquals(206, range.status());
            assertEquals("<!doctype html>", range.body());
            assertSandboxed(range);
            Raw unsatisfiable = raw(gateway, "GET", origin, "/", "Range", "bytes=100000-");
            assertJsonError(unsatisfiable, 416);
            assertEquals("bytes */" + XSS_PAGE.length(), unsatisfiable.header("Content-Range"));
            assertEquals(200, raw(gateway, "HEAD", origin, "/").status());
            assertJsonError(raw(gateway, "GET", origin, "/sw.js", "Service-Worker", "script"), 403);
            assertJsonError(raw(gateway, "GET", origin, "/missing"), 404);
            assertJsonError(raw(gateway, "POST", origin, "/"), 405);

            // DNS rebinding and names that are not CIDs
            assertJsonError(raw(gateway, "GET", "evil.test:" + gateway, "/ipfs/" + v0), 421);
            assertJsonError(raw(gateway, "GET", location.group(1) + ".ipfs.localhost.evil.test:" + gateway, "/"), 421);
            assertJsonError(raw(gateway, "GET", "notacid.ipfs.localhost:" + gateway, "/"), 400);

            // an identity CID carries its bytes: answered at once, no network search
            long t0 = System.nanoTime();
            Raw identity = raw(gateway, "GET", "bafkqaaa.ipfs.localhost:" + gateway, "/");
            assertEquals(200, identity.status());
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());

            // neither the private site (even signed in) nor the public site serves IPFS content or the gateway prefix
            HttpClient http = NodeProcess.httpClient();
            for (String path : new String[] {"/ipfs/" + v0 + "?filename=x.html", "/gateway/ipfs/" + v0, "/gateway/"}) {
                HttpResponse<String> own = http.send(HttpRequest.newBuilder(node.privateUri(path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertNotEquals(200, own.statusCode(), path);
                assertFalse(own.body().contains("<script>"), path);
                own.headers().firstValue("Location").ifPresent(l -> assertTrue(
                        l.toLowerCase(Locale.ROOT).startsWith("http://127.0.0.1:" + gateway + "/")
                                || l.toLowerCase(Locale.ROOT).contains(".ipfs.localhost:" + gateway + "/"),
                        "a redirect from the private site leads to the content origin: " + l));
                HttpResponse<String> visitors = http.send(HttpRequest.newBuilder(node.publicUri(path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertNotEquals(200, visitors.statusCode(), path);
            }
        }
    }
}
