package org.p2pstack.i2p.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import net.i2p.data.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.i2p.I2pDestination;
import org.p2pstack.api.i2p.I2pException;
import org.p2pstack.api.i2p.I2pHttpResponse;
import org.p2pstack.api.i2p.I2pState;
import org.p2pstack.api.i2p.I2pStream;

/**
 * Two nodes on one router: A runs the embedded router (I2CP open on loopback) and serves a tiny "public
 * site" through its server tunnel; B uses A's router over I2CP (external mode) and browses with its proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ProxyServerTunnelEndToEndTest {

    @TempDir
    static Path dir;

    HttpServer publicSite;
    HttpServer privateSite;
    final List<Map<String, List<String>>> publicRequests = new CopyOnWriteArrayList<>();
    final List<String> publicPaths = new CopyOnWriteArrayList<>();
    final AtomicInteger privateHits = new AtomicInteger();
    I2pNode a;
    I2pNode b;

    @BeforeAll
    void start() throws Exception {
        publicSite = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        publicSite.createContext("/", ex -> {
            Headers h = ex.getRequestHeaders();
            Map<String, List<String>> copy = new ConcurrentHashMap<>();
            h.forEach((k, v) -> copy.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
            publicRequests.add(copy);
            publicPaths.add(ex.getRequestURI().toString());
            byte[] body = ("hello from A at " + ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        publicSite.start();
        privateSite = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        privateSite.createContext("/", ex -> {
            privateHits.incrementAndGet();
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        privateSite.start();

        long t0 = System.nanoTime();
        I2pSettings sa = TestNodes.embedded(dir.resolve("a"), publicSite.getAddress().getPort(), true, 0);
        a = new I2pNode(sa);
        a.start();
        assertEquals(I2pState.READY, a.awaitReady(Duration.ofSeconds(90)), () -> "A: " + a.message());
        System.out.printf("node A ready (router start → server tunnel ready): %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        long t1 = System.nanoTime();
        b = new I2pNode(TestNodes.external(dir.resolve("b"), sa.i2cpPort(), TestNodes.freePort()));
        b.start();
        assertEquals(I2pState.READY, b.awaitReady(Duration.ofSeconds(90)), () -> "B: " + b.message());
        System.out.printf("node B ready over I2CP: %d ms%n", (System.nanoTime() - t1) / 1_000_000);
    }

    @AfterAll
    void stop() {
        if (b != null) {
            b.stop(10_000);
        }
        if (a != null) {
            a.stop(20_000);
        }
        if (publicSite != null) {
            publicSite.stop(0);
        }
        if (privateSite != null) {
            privateSite.stop(0);
        }
    }

    private String aB32() {
        return a.ownDestination().orElseThrow().b32();
    }

    private I2pDestination bDest() {
        return b.ownDestination().orElseThrow();
    }

    /** Sends raw bytes to B's proxy and returns the whole answer. */
    private String viaProxy(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), b.proxyPort())) {
            s.setSoTimeout(90_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void proxyFetchesPublicPageByB32WithVerifiedVisitorHeaders() throws Exception {
        int before = publicRequests.size();
        String answer = viaProxy("GET http://" + aB32() + "/hello?x=1 HTTP/1.1\r\n"
                + "Host: " + aB32() + "\r\n"
                + "X-I2P-DestB32: forged.b32.i2p\r\n"
                + "x-i2p-desthash: forged\r\n"
                + "X-I2P-Anything: forged\r\n"
                + "User-Agent: Secret Browser 1.0\r\n"
                + "Referer: http://clearnet.example.com/page\r\n"
                + "Proxy-Connection: keep-alive\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.endsWith("hello from A at /hello"), answer);
        assertTrue(answer.contains("\r\nConnection: close\r\n"), answer);

        assertEquals(before + 1, publicRequests.size());
        Map<String, List<String>> h = publicRequests.get(before);
        assertEquals("/hello?x=1", publicPaths.get(before));
        I2pDestination visitor = bDest();
        assertEquals(List.of(visitor.b32()), h.get("x-i2p-destb32"), "forged b32 replaced by the verified one");
        assertEquals(List.of(visitor.b64()), h.get("x-i2p-destb64"));
        String hash = net.i2p.data.Hash.create(net.i2p.data.Base32.decode(visitor.b32().substring(0, 52))).toBase64();
        assertEquals(List.of(hash), h.get("x-i2p-desthash"));
        assertNull(h.get("x-i2p-anything"));
        assertEquals(List.of(aB32()), h.get("host"));
        assertEquals(List.of("MYOB/6.66 (AN/ON)"), h.get("user-agent"));
        assertNull(h.get("referer"));
        assertNull(h.get("proxy-connection"));
    }

    @Test
    void namesFromTheAddressBookWork() throws Exception {
        I2pDestination ad = a.ownDestination().orElseThrow();
        b.addName("Alice.i2p", ad.b64());
        assertEquals(ad, b.lookup("alice.i2p").orElseThrow());
        assertEquals(ad, b.lookup(ad.b32()).orElseThrow(), "a named b32 is known locally");
        assertTrue(b.addressBook().stream().anyMatch(e -> e.name().equals("alice.i2p")));
        String answer = viaProxy("GET http://alice.i2p/named HTTP/1.1\r\nHost: alice.i2p\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200") && answer.endsWith("hello from A at /named"), answer);
        assertTrue(b.removeName("alice.i2p"));
        assertFalse(b.lookup("alice.i2p").isPresent());
    }

    @Test
    void unknownNameGivesErrorPage() throws Exception {
        String answer = viaProxy("GET http://nobody-here.i2p/ HTTP/1.1\r\nHost: nobody-here.i2p\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 404"), answer);
        assertTrue(answer.contains("Unknown I2P name"), answer);
        assertTrue(answer.contains("text/html"), answer);
    }

    @Test
    void clearnetHostsAreRefused() throws Exception {
        int before = publicRequests.size();
        String answer = viaProxy("GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 403") && answer.contains("Not an I2P address"), answer);
        answer = viaProxy("GET http://127.0.0.1:" + privateSite.getAddress().getPort() + "/ HTTP/1.1\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
        answer = viaProxy("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 405"), answer);
        answer = viaProxy("GET https://" + aB32() + "/ HTTP/1.1\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertEquals(0, privateHits.get());
        assertEquals(before, publicRequests.size());
    }

    @Test
    void privateUrlIsNotReachableThroughTheServerTunnel() throws Exception {
        int before = publicRequests.size();
        int privatePort = privateSite.getAddress().getPort();
        try (I2pStream s = b.connect(aB32(), Duration.ofSeconds(30))) {
            s.output().write(("GET http://127.0.0.1:" + privatePort + "/secret HTTP/1.1\r\nHost: 127.0.0.1:"
                    + privatePort + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            s.output().flush();
            String answer = new String(readAll(s.input()), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200") && answer.endsWith("hello from A at /secret"), answer);
        }
        assertEquals(0, privateHits.get(), "the private site saw nothing");
        assertEquals("/secret", publicPaths.get(before));
        assertEquals(List.of(aB32()), publicRequests.get(before).get("host"));
    }

    @Test
    void malformedRequestsThroughTheTunnelAreRefused() throws Exception {
        int before = publicRequests.size();
        try (I2pStream s = b.connect(aB32(), Duration.ofSeconds(30))) {
            s.output().write("GET / HTTP/1.1\r\nBad Header\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            s.output().flush();
            String answer = new String(readAll(s.input()), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        }
        try (I2pStream s = b.connect(aB32(), Duration.ofSeconds(30))) {
            StringBuilder big = new StringBuilder("GET / HTTP/1.1\r\n");
            for (int i = 0; i < 200; i++) {
                big.append("X-Filler-").append(i).append(": ").append("y".repeat(100)).append("\r\n");
            }
            s.output().write(big.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            s.output().flush();
            String answer = new String(readAll(s.input()), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 431"), answer);
        }
        assertEquals(before, publicRequests.size());
    }

    @Test
    void javaApiHttpGet() throws Exception {
        I2pHttpResponse r = b.httpGet("http://" + aB32() + "/api", 1024, Duration.ofSeconds(60));
        assertEquals(200, r.status());
        assertEquals("hello from A at /api", new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("text/plain", r.header("Content-Type"));
        I2pException tooBig = org.junit.jupiter.api.Assertions.assertThrows(I2pException.class,
                () -> b.httpGet("http://" + aB32() + "/api", 5, Duration.ofSeconds(60)));
        assertEquals(I2pException.Reason.BAD_RESPONSE, tooBig.reason());
        I2pException unknown = org.junit.jupiter.api.Assertions.assertThrows(I2pException.class,
                () -> b.httpGet("http://nobody-here.i2p/", 1024, Duration.ofSeconds(10)));
        assertEquals(I2pException.Reason.UNKNOWN_NAME, unknown.reason());
    }

    @Test
    void streamedGetsRelayTheRangeAndSignaturesVerifyWithTheDestination() throws Exception {
        int before = publicRequests.size();
        try (org.p2pstack.api.i2p.I2pHttpStream s = b.httpStream("http://" + aB32() + "/video", "bytes=0-3", Duration.ofSeconds(60))) {
            assertEquals(200, s.status());
            assertEquals("hello from A at /video", new String(readAll(s.body()), StandardCharsets.UTF_8));
        }
        assertEquals(List.of("bytes=0-3"), publicRequests.get(before).get("range"), "the Range reaches the site");
        org.junit.jupiter.api.Assertions.assertThrows(I2pException.class,
                () -> b.httpStream("http://" + aB32() + "/video", "bytes=0-3\r\nX-Evil: 1", Duration.ofSeconds(5)));

        byte[] statement = "p2pstack-test\nhello".getBytes(StandardCharsets.UTF_8);
        byte[] signature = b.signAsDestination(statement);
        net.i2p.data.Destination bd = new net.i2p.data.Destination(bDest().b64());
        assertTrue(net.i2p.crypto.DSAEngine.getInstance().verifySignature(
                new net.i2p.data.Signature(bd.getSigningPublicKey().getType(), signature), statement, bd.getSigningPublicKey()));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> b.signAsDestination("GET / HTTP/1.1".getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The soak hour's finding: a request per stream passed the streaming library's 900 streams per visitor and hour.
     * Now requests to one site share a kept stream, and one the site gave up is replaced without an error.
     */
    @Test
    void requestsToOneSiteShareAKeptStream() throws Exception {
        long streamsBefore = ((Number) a.details().get("serverTunnelStreams")).longValue();
        for (int i = 0; i < 3; i++) {
            I2pHttpResponse r = b.httpGet("http://" + aB32() + "/kept-" + i, 1024, Duration.ofSeconds(60));
            assertEquals(200, r.status());
        }
        try (org.p2pstack.api.i2p.I2pHttpStream s = b.httpStream("http://" + aB32() + "/kept-range", "bytes=0-3",
                Duration.ofSeconds(60))) {
            assertEquals("hello from A at /kept-range", new String(readAll(s.body()), StandardCharsets.UTF_8));
        }
        assertEquals(streamsBefore + 1, ((Number) a.details().get("serverTunnelStreams")).longValue(),
                "four requests, one stream");
        assertEquals(1, b.details().get("httpKeptStreams"));

        // B holds six streams at A: its kept one is given up (reset) to admit the sixth
        List<I2pStream> held = new java.util.ArrayList<>();
        for (int i = 0; i < VisitorBudgets.MAX_CONCURRENT_PER_VISITOR; i++) {
            I2pStream s = b.connect(aB32(), Duration.ofSeconds(30));
            s.output().write("GET /held HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            s.output().flush();
            held.add(s);
        }
        Thread.sleep(2000); // the reset reaches B
        for (I2pStream s : held) {
            s.close();
        }
        I2pHttpResponse after = b.httpGet("http://" + aB32() + "/after-reset", 1024, Duration.ofSeconds(60));
        assertEquals(200, after.status(), "the dead kept stream was replaced");
        assertEquals("hello from A at /after-reset", new String(after.body(), StandardCharsets.UTF_8));
    }

    @Test
    void statusDetails() {
        Map<String, Object> d = a.details();
        assertEquals("ready", d.get("state"));
        assertEquals(aB32(), d.get("b32"));
        assertTrue(java.util.Set.of("running", "integrating").contains(d.get("router")), String.valueOf(d));
        assertEquals("external", b.details().get("mode"));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    static String b64(byte[] b) {
        return Base64.encode(b);
    }
}
