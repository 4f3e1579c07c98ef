package org.p2pstack.i2p.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The proxy's and the server tunnel's request handling, on malformed, hostile and oversized input. */
class RequestParsingTest {

    static final String B32 = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrsq.b32.i2p";
    static final Visitor VISITOR = new Visitor("visitor" + "a".repeat(45) + ".b32.i2p", "B64DEST", "HASH=");
    static final String SECRET = "tunnel-secret_0123456789-abcdefghijklmnopqrstuvw";
    static final ServerRequestRewriter SERVER = new ServerRequestRewriter(B32, SECRET);

    @Test
    void requestLines() throws Exception {
        RequestLine l = RequestLine.parse("GET http://x.i2p/ HTTP/1.1");
        assertEquals("GET", l.method());
        assertFalse(l.isOriginForm());
        assertTrue(RequestLine.parse("POST /a?b=c HTTP/1.0").isOriginForm());
        assertEquals(400, assertThrows(HttpParseException.class, () -> RequestLine.parse("GET /")).status());
        assertEquals(400, assertThrows(HttpParseException.class, () -> RequestLine.parse("GET  / HTTP/1.1")).status());
        assertEquals(400, assertThrows(HttpParseException.class, () -> RequestLine.parse("get / HTTP/1.1")).status());
        assertEquals(400, assertThrows(HttpParseException.class, () -> RequestLine.parse("GET /\u00e9 HTTP/1.1")).status());
        assertEquals(505, assertThrows(HttpParseException.class, () -> RequestLine.parse("GET / HTTP/2.0")).status());
        assertEquals(414, assertThrows(HttpParseException.class,
                () -> RequestLine.parse("GET /" + "a".repeat(RequestLine.MAX_TARGET) + " HTTP/1.1")).status());
    }

    @Test
    void proxyTargets() throws Exception {
        ProxyTarget t = ProxyTarget.parse("http://" + B32.toUpperCase() + "/p?q=1#frag");
        assertEquals(B32, t.host());
        assertEquals("/p?q=1", t.path());
        assertEquals("/", ProxyTarget.parse("http://alice.i2p").path());
        assertEquals("/?x", ProxyTarget.parse("http://alice.i2p?x").path());
        assertEquals("/", ProxyTarget.parse("http://alice.i2p:80/").path());
        assertEquals("/a", ProxyTarget.parse("http://sub.alice.i2p/a").path().substring(0, 2));
    }

    @Test
    void proxyRefusesNonI2pAndOddUrls() {
        assertTrue(refused("http://example.com/").notI2p());
        assertTrue(refused("http://127.0.0.1:8181/").notI2p());
        assertTrue(refused("http://[::1]/").notI2p());
        assertTrue(refused("http://alice.i2p.example.com/").notI2p());
        assertTrue(refused("http://example.com:8080/").notI2p());
        assertTrue(refused("http://alice.i2p%2eexample.com/").notI2p());
        assertFalse(refused("https://alice.i2p/").notI2p());
        assertFalse(refused("ftp://alice.i2p/").notI2p());
        assertFalse(refused("http://user@alice.i2p/").notI2p());
        assertFalse(refused("http://alice.i2p:8080/").notI2p());
        assertFalse(refused("http:///x").notI2p());
        assertTrue(refused("http://-bad-.i2p/").notI2p());
        assertTrue(refused("http://" + "a".repeat(70) + ".i2p/").notI2p());
    }

    static ProxyTarget.Refused refused(String url) {
        return assertThrows(ProxyTarget.Refused.class, () -> ProxyTarget.parse(url));
    }

    @Test
    void proxyRewriteDropsIdentifyingAndHopHeaders() throws Exception {
        HttpHead h = HttpHeadTest.parse("GET http://alice.i2p/x HTTP/1.1\r\nHost: alice.i2p\r\nUser-Agent: Me\r\n"
                + "Proxy-Connection: keep-alive\r\nProxy-Authorization: secret\r\nX-Forwarded-For: 1.2.3.4\r\n"
                + "X-I2P-DestB32: forged\r\nReferer: http://other.i2p/\r\nOrigin: http://alice.i2p\r\nAccept: */*\r\n\r\n");
        RequestLine l = RequestLine.parse(h.startLine());
        HttpHead out = ProxyRequestRewriter.rewrite(h, l, ProxyTarget.parse(l.target()));
        assertEquals("GET /x HTTP/1.1", out.startLine());
        assertEquals("alice.i2p", out.get("Host"));
        assertEquals(ProxyRequestRewriter.USER_AGENT, out.get("User-Agent"));
        assertEquals("close", out.get("Connection"));
        assertEquals("*/*", out.get("Accept"));
        assertEquals("http://alice.i2p", out.get("Origin"));
        assertNull(out.get("Proxy-Connection"));
        assertNull(out.get("Proxy-Authorization"));
        assertNull(out.get("X-Forwarded-For"));
        assertNull(out.get("X-I2P-DestB32"));
        assertNull(out.get("Referer"), "referer from another site is dropped");
    }

    @Test
    void serverRewriteReplacesForgedIdentity() throws Exception {
        HttpHead h = HttpHeadTest.parse("GET /page HTTP/1.1\r\nHost: whatever\r\nX-I2P-DestB32: forged.b32.i2p\r\n"
                + "x-i2p-destb32: again\r\nX-I2P-DestHash: forged\r\nX-I2P-DestB64: forged\r\nX-I2P-Custom: y\r\n"
                + "Connection: keep-alive, X-Secret\r\nX-Forwarded-For: 10.0.0.1\r\nAccept: text/html\r\n\r\n");
        HttpHead out = SERVER.rewrite(h, VISITOR);
        assertEquals("GET /page HTTP/1.1", out.startLine());
        assertEquals(1, out.count(ServerRequestRewriter.DEST_B32));
        assertEquals(VISITOR.b32(), out.get("X-I2P-DestB32"));
        assertEquals(VISITOR.b64(), out.get("X-I2P-DestB64"));
        assertEquals(VISITOR.hashB64(), out.get("X-I2P-DestHash"));
        assertNull(out.get("X-I2P-Custom"));
        assertNull(out.get("X-Forwarded-For"));
        assertEquals(B32, out.get("Host"));
        assertEquals("close", out.get("Connection"));
        assertEquals("text/html", out.get("Accept"));
        assertEquals(SECRET, out.get(org.p2pstack.api.web.WebSites.TUNNEL_HEADER));
    }

    @Test
    void serverRewriteReplacesAForgedTunnelSecretWithTheRealOne() throws Exception {
        HttpHead h = HttpHeadTest.parse("GET /visitor.json HTTP/1.1\r\nHost: whatever\r\n"
                + "X-P2PStack-Tunnel: guessed\r\nx-p2pstack-tunnel: " + SECRET + "-not\r\nX-P2PSTACK-TUNNEL: again\r\n"
                + "X-P2PStack-Token: stolen\r\nX-P2PStack-Anything: y\r\n"
                + "X-I2P-DestB32: forged.b32.i2p\r\nX-I2P-DestHash: forged\r\nAccept: */*\r\n\r\n");
        HttpHead out = SERVER.rewrite(h, VISITOR);
        assertEquals(1, out.count(org.p2pstack.api.web.WebSites.TUNNEL_HEADER), out.toString());
        assertEquals(SECRET, out.get("x-p2pstack-tunnel"));
        assertNull(out.get(org.p2pstack.api.web.WebSites.TOKEN_HEADER));
        assertNull(out.get("X-P2PStack-Anything"));
        assertEquals(1, out.count(ServerRequestRewriter.DEST_B32));
        assertEquals(VISITOR.b32(), out.get(ServerRequestRewriter.DEST_B32));
        assertEquals(VISITOR.hashB64(), out.get(ServerRequestRewriter.DEST_HASH));
        assertEquals("*/*", out.get("Accept"));
        for (HttpHead.Field f : out.fields()) {
            assertFalse(f.value().contains("guessed") || f.value().contains("again") || f.value().contains("forged")
                    || f.value().contains("-not"), f.toString());
        }
        // a request without any such header gets it too
        HttpHead plain = SERVER.rewrite(HttpHeadTest.parse("GET / HTTP/1.1\r\n\r\n"), VISITOR);
        assertEquals(SECRET, plain.get(org.p2pstack.api.web.WebSites.TUNNEL_HEADER));
    }

    @Test
    void serverRewriterRefusesASecretThatCannotBeAHeaderValue() {
        for (String bad : new String[] {"", " ", "a b", "a\r\nX-I2P-DestB32: x", "caf\u00e9"}) {
            assertThrows(IllegalArgumentException.class, () -> new ServerRequestRewriter(B32, bad), bad);
        }
        assertThrows(NullPointerException.class, () -> new ServerRequestRewriter(B32, null));
    }

    @Test
    void serverRewriteTurnsAbsoluteTargetsIntoPaths() throws Exception {
        HttpHead h = HttpHeadTest.parse("GET http://127.0.0.1:8181/admin HTTP/1.1\r\n\r\n");
        assertEquals("GET /admin HTTP/1.1", SERVER.rewrite(h, VISITOR).startLine());
        HttpHead bare = HttpHeadTest.parse("GET http://127.0.0.1:8181 HTTP/1.1\r\n\r\n");
        assertEquals("GET / HTTP/1.1", SERVER.rewrite(bare, VISITOR).startLine());
        assertEquals(400, assertThrows(HttpParseException.class, () -> SERVER
                .rewrite(HttpHeadTest.parse("GET * HTTP/1.1\r\n\r\n"), VISITOR)).status());
        assertEquals(400, assertThrows(HttpParseException.class, () -> SERVER
                .rewrite(HttpHeadTest.parse("CONNECT 127.0.0.1:22 HTTP/1.1\r\n\r\n"), VISITOR)).status());
    }

    @Test
    void bodyLengths() throws Exception {
        assertEquals(0, HttpIo.requestBodyLength(HttpHeadTest.parse("GET / HTTP/1.1\r\n\r\n"), 10));
        assertEquals(5, HttpIo.requestBodyLength(HttpHeadTest.parse("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n"), 10));
        assertEquals(-1, HttpIo.requestBodyLength(
                HttpHeadTest.parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"), 10));
        for (String bad : new String[] {"-1", "1e3", "", "0x10", "99999999999999999999", "5, 5"}) {
            assertEquals(400, assertThrows(HttpParseException.class, () -> HttpIo.requestBodyLength(
                    HttpHeadTest.parse("POST / HTTP/1.1\r\nContent-Length: " + bad + "\r\n\r\n"), 10)).status(), bad);
        }
        assertEquals(400, assertThrows(HttpParseException.class, () -> HttpIo.requestBodyLength(HttpHeadTest.parse(
                "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n"), 10)).status());
        assertEquals(413, assertThrows(HttpParseException.class, () -> HttpIo.requestBodyLength(
                HttpHeadTest.parse("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n"), 10)).status());
    }

    @Test
    void responseFramingAndRelay() throws Exception {
        HttpHead len = HttpHeadTest.parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n");
        assertEquals(ResponseBody.Framing.LENGTH, ResponseBody.framing("GET", len));
        assertEquals(ResponseBody.Framing.NONE, ResponseBody.framing("HEAD", len));
        assertEquals(ResponseBody.Framing.NONE, ResponseBody.framing("GET", HttpHeadTest.parse("HTTP/1.1 304 Not Modified\r\n\r\n")));
        assertEquals(ResponseBody.Framing.UNTIL_CLOSE, ResponseBody.framing("GET", HttpHeadTest.parse("HTTP/1.0 200 OK\r\n\r\n")));
        assertEquals(502, assertThrows(HttpParseException.class,
                () -> ResponseBody.status(HttpHeadTest.parse("HTTP/1.1 2x0 OK\r\n\r\n"))).status());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResponseBody.relay(ResponseBody.Framing.LENGTH, len, new ByteArrayInputStream("abcdef".getBytes()), out);
        assertEquals("abc", out.toString());

        HttpHead chunked = HttpHeadTest.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        String wire = "3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nTrailer: x\r\n\r\nNEXT";
        out.reset();
        ByteArrayInputStream in = new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1));
        ResponseBody.relay(ResponseBody.framing("GET", chunked), chunked, in, out);
        assertEquals(wire.substring(0, wire.length() - 4), out.toString(StandardCharsets.ISO_8859_1));
        assertEquals("NEXT", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));

        assertEquals("abcde", new String(new ChunkedInputStream(new ByteArrayInputStream(
                wire.getBytes(StandardCharsets.ISO_8859_1))).readAllBytes(), StandardCharsets.ISO_8859_1));
        for (String bad : new String[] {"zz\r\nab\r\n0\r\n\r\n", "3\r\nabcX\r\n0\r\n\r\n", "3\r\nab", "f".repeat(2000) + "\r\n"}) {
            assertThrows(IOException.class, () -> new ChunkedInputStream(new ByteArrayInputStream(
                    bad.getBytes(StandardCharsets.ISO_8859_1))).readAllBytes(), bad.substring(0, Math.min(10, bad.length())));
        }
    }
}
