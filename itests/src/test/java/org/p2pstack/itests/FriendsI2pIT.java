package org.p2pstack.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.p2pstack.itests.harness.NodeProcess;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Two distributions on one I2P router (issues 3 and 6): A runs the embedded router with I2CP open on loopback, B
 * (at another port offset) uses it in external mode. B's browser proxy visits A's public site by b32 with a verified
 * visitor address; private URLs, unknown names and clearnet hosts are refused; B follows A (address-book name,
 * verified signed profile), A's next post reaches B's friends' feed live, B streams A's video over I2P, and the
 * follow survives B's restart. One pair of nodes for everything, the steps in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FriendsI2pIT {

    private static final Duration BOOT = Duration.ofMinutes(3);
    private static final Duration I2P_READY = Duration.ofMinutes(3);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private NodeProcess a;
    private NodeProcess b;
    private String aB32;
    private String bB32;
    private String firstId;

    @BeforeAll
    void startBoth() throws Exception {
        Path work = NodeProcess.pathProperty("itest.work");
        int offset = Integer.getInteger("itest.port.offset", 1000) + 700; // B at +800
        a = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("node-friends-a"), offset);
        b = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("node-friends-b"), offset + 100);
        // one router on loopback: tunnels of no hops, as a lone router has no peers to build longer ones through
        for (NodeProcess node : new NodeProcess[] { a, b }) {
            node.configure("org.p2pstack.i2p", "tunnel.inbound.length", "0");
            node.configure("org.p2pstack.i2p", "tunnel.outbound.length", "0");
            node.configure("org.p2pstack.i2p", "tunnel.quantity", "1");
            node.configureCore("friends.refreshSeconds", "3");
        }
        a.configure("org.p2pstack.i2p", "i2cp.expose", "true");
        b.configure("org.p2pstack.i2p", "mode", "external");
        b.configure("org.p2pstack.i2p", "i2cp.port", Integer.toString(7654 + offset));
        a.start();
        b.start();
        a.awaitReady(BOOT);
        b.awaitReady(BOOT);
        long t0 = System.nanoTime();
        aB32 = awaitI2pReady(a);
        bB32 = awaitI2pReady(b);
        System.out.printf("FriendsI2pIT: both nodes' I2P ready %d s after the pages answered%n", (System.nanoTime() - t0) / 1_000_000_000);
    }

    @AfterAll
    void stopBoth() throws Exception {
        if (b != null) {
            b.stop();
        }
        if (a != null) {
            a.stop();
        }
    }

    /** Waits for the node's I2P stack to be running; returns its b32. */
    private String awaitI2pReady(NodeProcess node) throws Exception {
        long deadline = System.nanoTime() + I2P_READY.toNanos();
        JsonObject i2p = null;
        while (System.nanoTime() < deadline) {
            JsonObject status = json(get(node.privateUri("/api/status")));
            i2p = status.getAsJsonObject("stacks").getAsJsonObject("i2p");
            if (i2p != null && "running".equals(i2p.get("state").getAsString())) {
                return status.getAsJsonObject("identity").get("b32").getAsString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("I2P not ready: " + i2p + node.logTail());
    }

    @Test
    @Order(1)
    void aPublishesASignedProfileAndAVideo() throws Exception {
        String token = token(a);
        assertEquals(200, send(a, "PUT", "/api/profile", "{\"nickname\":\"Alice Example\",\"bio\":\"Hi from A\"}", token).statusCode());
        HttpResponse<String> upload = upload(a, "first.webm", "My first video", token);
        assertEquals(201, upload.statusCode(), upload.body());
        firstId = json(upload).get("id").getAsString();
        JsonObject profile = awaitSignedProfile(a);
        assertEquals("Alice Example", profile.get("nickname").getAsString());
        assertEquals(aB32, profile.get("b32").getAsString());
        assertTrue(profile.get("seq").getAsLong() >= 1);
    }

    private JsonObject awaitSignedProfile(NodeProcess node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(node.publicUri("/profile.json"));
            if (r.statusCode() == 200 && json(r).has("signature")) {
                return json(r);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no signed profile on " + node.publicUri("/profile.json") + node.logTail());
    }

    @Test
    @Order(2)
    void bsProxyShowsAsPublicPageByB32WithBsVerifiedAddress() throws Exception {
        long t0 = System.nanoTime();
        String page = viaProxy(b, "GET http://" + aB32 + "/ HTTP/1.1\r\nHost: " + aB32 + "\r\n\r\n");
        // the router shares its clients' lease sets with each other within a second of their creation
        while (!page.startsWith("HTTP/1.1 200") && System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos()) {
            Thread.sleep(500);
            page = viaProxy(b, "GET http://" + aB32 + "/ HTTP/1.1\r\nHost: " + aB32 + "\r\n\r\n");
        }
        System.out.printf("FriendsI2pIT: first page over I2P after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertTrue(page.startsWith("HTTP/1.1 200"), page);
        assertTrue(page.contains("A p2pstack page"), page);
        String feed = viaProxy(b, "GET http://" + aB32 + "/feed.json HTTP/1.1\r\nHost: " + aB32 + "\r\n\r\n");
        assertTrue(feed.startsWith("HTTP/1.1 200") && feed.contains("My first video"), feed);

        String visitor = viaProxy(b, "GET http://" + aB32 + "/visitor.json HTTP/1.1\r\nHost: " + aB32
                + "\r\nX-I2P-DestB32: " + "f".repeat(52) + ".b32.i2p\r\nX-I2P-DestHash: forged\r\n\r\n");
        assertTrue(visitor.startsWith("HTTP/1.1 200"), visitor);
        assertTrue(visitor.endsWith("{\"b32\":\"" + bB32 + "\"}"), "the forged address is replaced by B's verified one: " + visitor);
    }

    @Test
    @Order(3)
    void privateUrlsUnknownNamesAndClearnetAreRefused() throws Exception {
        for (String path : new String[] { "/api/status", "/api/profile/setup", "/api/friends", "/dapps/home/" }) {
            String answer = viaProxy(b, "GET http://" + aB32 + path + " HTTP/1.1\r\nHost: " + aB32 + "\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 404"), path + ": " + answer);
            assertFalse(answer.contains("uptime") || answer.contains("\"step\"") || answer.contains("<script"), answer);
        }
        String unknown = viaProxy(b, "GET http://nobody-here.i2p/ HTTP/1.1\r\nHost: nobody-here.i2p\r\n\r\n");
        assertTrue(unknown.startsWith("HTTP/1.1 404") && unknown.contains("Unknown I2P name"), unknown);
        String clearnet = viaProxy(b, "GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertTrue(clearnet.startsWith("HTTP/1.1 403") && clearnet.contains("Not an I2P address"), clearnet);
        String loopback = viaProxy(b, "GET http://127.0.0.1:" + a.privatePort() + "/api/status HTTP/1.1\r\n\r\n");
        assertTrue(loopback.startsWith("HTTP/1.1 403"), loopback);
        // the Follow link of A's public page: B's proxy hands it to B's own home page, which asks before following
        String follow = viaProxy(b, "GET http://proxy.i2p/follow?address=" + aB32 + " HTTP/1.1\r\nHost: proxy.i2p\r\n\r\n");
        assertTrue(follow.startsWith("HTTP/1.1 303") && follow.contains("\r\nLocation: http://127.0.0.1:" + b.privatePort()
                + "/#friend=" + aB32 + "\r\n"), follow);
        assertTrue(json(get(b.privateUri("/api/friends"))).getAsJsonArray("following").isEmpty(), "a link follows nobody by itself");
    }

    @Test
    @Order(4)
    void bVisitsAndFollowsAWithTheNameInItsAddressBook() throws Exception {
        long t0 = System.nanoTime();
        JsonObject page = json(get(b.privateUri("/api/friends/visit?address=" + aB32)));
        System.out.printf("FriendsI2pIT: visit (profile + feed over I2P) in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertEquals("Alice Example", page.get("nickname").getAsString(), page.toString());
        assertEquals("Hi from A", page.get("bio").getAsString());
        assertFalse(page.get("following").getAsBoolean());
        assertEquals(1, page.getAsJsonArray("items").size());

        String followed = b.console("p2p:follow " + aB32);
        assertTrue(followed.contains("Following Alice Example") && followed.contains("alice-example.i2p"), followed);
        assertTrue(b.console("i2p:addressbook").contains("alice-example.i2p"));
        String named = viaProxy(b, "GET http://alice-example.i2p/profile.json HTTP/1.1\r\nHost: alice-example.i2p\r\n\r\n");
        assertTrue(named.startsWith("HTTP/1.1 200") && named.contains(aB32), named);
        JsonObject friends = json(get(b.privateUri("/api/friends")));
        assertEquals(aB32, friends.getAsJsonArray("following").get(0).getAsJsonObject().get("b32").getAsString());

        // A's video streams to B's page through B's node, over I2P, with Range
        HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(b.privateUri("/api/friends/" + aB32 + "/media/" + firstId))
                .header("Range", "bytes=0-9").timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, part.statusCode());
        assertEquals("video/webm", part.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertTrue(part.headers().firstValue("Content-Range").orElse("").startsWith("bytes 0-9/"));
        assertTrue(Arrays.equals(Arrays.copyOf(video(), 10), part.body()));
    }

    @Test
    @Order(5)
    void asNextPostAppearsLiveInBsFriendsFeed() throws Exception {
        HttpRequest events = HttpRequest.newBuilder(b.privateUri("/api/events")).timeout(Duration.ofMinutes(2)).build();
        CompletableFuture<HttpResponse<InputStream>> stream = http.sendAsync(events, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> live = stream.get(10, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        assertEquals(201, upload(a, "second.webm", "A second video", token(a)).statusCode());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(live.body(), StandardCharsets.UTF_8))) {
            String event = null;
            String line;
            while ((line = lines.readLine()) != null && System.nanoTime() - t0 < Duration.ofSeconds(60).toNanos()) {
                if (line.equals("event: friends")) {
                    event = lines.readLine();
                    if (event.contains("A second video")) {
                        break;
                    }
                }
            }
            assertTrue(event != null && event.contains("\"type\":\"added\"") && event.contains("Alice Example"), String.valueOf(event));
        }
        System.out.printf("FriendsI2pIT: A's new post in B's friends feed after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        JsonArray items = json(get(b.privateUri("/api/friends"))).getAsJsonArray("items");
        assertEquals(2, items.size());
        assertEquals("A second video", items.get(0).getAsJsonObject().get("description").getAsString());
    }

    @Test
    @Order(6)
    void theFollowSurvivesARestartAndUnfollowRemovesTheName() throws Exception {
        b.stop();
        b.start();
        b.awaitReady(BOOT);
        String following = b.console("p2p:following");
        assertTrue(following.contains("Alice Example") && following.contains("alice-example.i2p") && following.contains("posts: 2"),
                following);
        assertTrue(b.console("i2p:addressbook").contains("alice-example.i2p"));
        awaitI2pReady(b);
        String named = viaProxy(b, "GET http://alice-example.i2p/feed.json HTTP/1.1\r\nHost: alice-example.i2p\r\n\r\n");
        assertTrue(named.startsWith("HTTP/1.1 200") && named.contains("A second video"), named);

        assertTrue(b.console("p2p:unfollow alice-example.i2p").contains("No longer following"));
        assertFalse(b.console("i2p:addressbook").contains("alice-example.i2p"));
        assertTrue(b.console("p2p:following").contains("You do not follow anyone yet"));
    }

    // --- helpers

    private static byte[] video() {
        byte[] bytes = new byte[64 * 1024];
        new Random(7).nextBytes(bytes);
        byte[] head = { 0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 0x42, (byte) 0x82, (byte) 0x84, 'w', 'e', 'b', 'm' };
        System.arraycopy(head, 0, bytes, 0, head.length);
        return bytes;
    }

    private HttpResponse<String> upload(NodeProcess node, String name, String description, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(node.privateUri("/api/content?name=" + name + "&description="
                + description.replace(' ', '+'))).timeout(Duration.ofSeconds(30)).header("X-P2PStack-Token", token)
                .header("Content-Type", "video/webm").POST(HttpRequest.BodyPublishers.ofByteArray(video())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String token(NodeProcess node) throws Exception {
        return json(get(node.privateUri("/api/session"))).get("token").getAsString();
    }

    private HttpResponse<String> send(NodeProcess node, String method, String path, String body, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(node.privateUri(path)).timeout(Duration.ofSeconds(30))
                .header("X-P2PStack-Token", token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    /** Sends a raw request to the node's I2P browser proxy (127.0.0.1:4444 + offset) and reads the whole answer. */
    private static String viaProxy(NodeProcess node, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), 4444 + node.offset())) {
            s.setSoTimeout(120_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
