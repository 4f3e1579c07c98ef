package org.p2pstack.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.p2pstack.itests.harness.NodeApi;
import org.p2pstack.itests.harness.NodeProcess;
import org.p2pstack.itests.harness.ServerSentEvents;
import org.p2pstack.itests.harness.WebTorrentApp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Issue 6's two-node journey on one pair of distributions: A runs the embedded I2P router with I2CP open on
 * loopback, B (at another port offset) uses it in external mode, and both sit on a local Hyperswarm DHT testnet.
 * A publishes a signed profile and a video; B finds A by nickname in the directory (gossip); B's browser proxy shows
 * A's public site with a verified visitor address and refuses private URLs, unknown names and clearnet; B visits
 * and follows A (address-book name, A's video relayed with Range) and, through the follow alone, sits in A's chat
 * room; A's next post reaches B's friends' feed live; A and B chat both ways (bad input refused); after both nodes
 * restart the chat history, the follow and the room are intact, and unfollowing undoes the follow. The steps run
 * in order on the same two nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FriendsJourneyIT {

    private static final Duration BOOT = Duration.ofMinutes(3);
    private static final Duration I2P_READY = Duration.ofMinutes(3);
    private static final String NICKNAME = "Alice Example";
    private final HttpClient http = NodeProcess.httpClient();
    private final long started = System.nanoTime();
    private SwarmIT.Script testnet;
    private NodeProcess a;
    private NodeProcess b;
    private String aB32;
    private String bB32;
    private String room;
    private String firstId;
    private LinkedBlockingQueue<String[]> bEvents;

    @BeforeAll
    void startBoth() throws Exception {
        int dhtPort;
        try (DatagramSocket s = new DatagramSocket(0)) {
            dhtPort = s.getLocalPort();
        }
        testnet = new SwarmIT.Script(NodeProcess.pathProperty("itest.swarm.js"), "testnet.js", String.valueOf(dhtPort), "3");
        testnet.await("bootstrap", 30);

        Path work = NodeProcess.pathProperty("itest.work");
        int offset = Integer.getInteger("itest.port.offset", 1000) + 700; // B at +800
        a = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("journey-a"), offset);
        b = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("journey-b"), offset + 100);
        for (NodeProcess node : new NodeProcess[] { a, b }) {
            // one router on loopback: tunnels of no hops, as a lone router has no peers to build longer ones through
            node.configure("org.p2pstack.i2p", "tunnel.inbound.length", "0");
            node.configure("org.p2pstack.i2p", "tunnel.outbound.length", "0");
            node.configure("org.p2pstack.i2p", "tunnel.quantity", "1");
            node.configureCore("friends.refreshSeconds", "3");
            // the local DHT; port 0 + the node's offset: the default DHT port (49737) plus a large offset would not fit
            Files.writeString(node.home().resolve("etc/org.p2pstack.swarm.cfg"),
                    "bootstrap = 127.0.0.1:" + dhtPort + "\nfirewalled = false\nhost = 127.0.0.1\nport = 0\n");
            Files.writeString(node.home().resolve("bin/setenv.local"), "P2PSTACK_SWARM_BOOTSTRAP=127.0.0.1:" + dhtPort + "\n");
        }
        a.configure("org.p2pstack.i2p", "i2cp.expose", "true");
        b.configure("org.p2pstack.i2p", "mode", "external");
        b.configure("org.p2pstack.i2p", "i2cp.port", Integer.toString(7654 + offset));
        a.start();
        b.start();
        a.awaitReady(BOOT);
        b.awaitReady(BOOT);
        aB32 = awaitI2pReady(a);
        bB32 = awaitI2pReady(b);
        bEvents = events(b);
        log("both nodes up, I2P ready");
    }

    @AfterAll
    void stopBoth() throws Exception {
        for (NodeProcess n : new NodeProcess[] { b, a }) {
            if (n != null) {
                n.stop();
            }
        }
        if (testnet != null) {
            testnet.close();
        }
    }

    @Test
    @Order(1)
    void aPublishesASignedProfileAndAVideo() throws Exception {
        assertEquals(200, send(a, "PUT", "/api/profile", "{\"nickname\":\"" + NICKNAME + "\",\"bio\":\"Hi from A\",\"linkNetworks\":true}").statusCode());
        HttpResponse<String> upload = upload(a, "first.webm", "My first video");
        assertEquals(201, upload.statusCode(), upload.body());
        firstId = json(upload).get("id").getAsString();
        // B has a name too, so that A's page can say who writes in its chat
        assertEquals(200, send(b, "PUT", "/api/profile", "{\"nickname\":\"Bob\",\"bio\":\"\",\"linkNetworks\":true}").statusCode());

        // A's chat room is named by A's swarm key, which the signed record names too
        room = await(a, "/api/chat", c -> c.get("ownRoom").getAsString().length() == 64, BOOT).get("ownRoom").getAsString();
        assertEquals(json(get(a.privateUri("/api/status"))).getAsJsonObject("identity").get("swarmKey").getAsString(), room);
        JsonObject profile = awaitPublic(a, "/profile.json", p -> p.has("signature") && room.equals(text(p, "swarmKey")));
        assertEquals(NICKNAME, profile.get("nickname").getAsString());
        assertEquals(aB32, profile.get("b32").getAsString());
        assertTrue(profile.get("seq").getAsLong() >= 1);
        assertTrue(json(get(a.privateUri("/api/chat"))).get("notice").getAsString().contains("not anonymous"));
        log("A published");
    }

    @Test
    @Order(2)
    void bFindsAByNicknameInTheDirectory() throws Exception {
        JsonObject found = await(b, "/api/directory?q=example", d -> d.getAsJsonArray("people").size() > 0, Duration.ofSeconds(90));
        JsonObject person = found.getAsJsonArray("people").get(0).getAsJsonObject();
        assertEquals(NICKNAME, person.get("nickname").getAsString());
        assertEquals(aB32, person.get("b32").getAsString(), "the b32 beside the name (names are not unique)");
        assertTrue(b.console("p2p:directory Alice").contains(aB32));
        log("B found A in the directory");
    }

    @Test
    @Order(3)
    void bsProxyShowsAsPublicPageWithBsVerifiedAddress() throws Exception {
        long t0 = System.nanoTime();
        String page = viaProxy(b, "GET http://" + aB32 + "/ HTTP/1.1\r\nHost: " + aB32 + "\r\n\r\n");
        // the router shares its clients' lease sets with each other within a second of their creation
        while (!page.startsWith("HTTP/1.1 200") && System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos()) {
            Thread.sleep(500);
            page = viaProxy(b, "GET http://" + aB32 + "/ HTTP/1.1\r\nHost: " + aB32 + "\r\n\r\n");
        }
        assertTrue(page.startsWith("HTTP/1.1 200"), page);
        assertTrue(page.contains("A p2pstack page"), page);
        String feed = viaProxy(b, "GET http://" + aB32 + "/feed.json HTTP/1.1\r\nHost: " + aB32 + "\r\n\r\n");
        assertTrue(feed.startsWith("HTTP/1.1 200") && feed.contains("My first video"), feed);

        String visitor = viaProxy(b, "GET http://" + aB32 + "/visitor.json HTTP/1.1\r\nHost: " + aB32
                + "\r\nX-I2P-DestB32: " + "f".repeat(52) + ".b32.i2p\r\nX-I2P-DestHash: forged\r\n\r\n");
        assertTrue(visitor.startsWith("HTTP/1.1 200"), visitor);
        assertTrue(visitor.endsWith("{\"b32\":\"" + bB32 + "\"}"), "the forged address is replaced by B's verified one: " + visitor);
        log("B's proxy showed A's page");
    }

    @Test
    @Order(3)
    void bsWebTorrentAppDownloadsAsVideoFromItsWebSeedThroughBsProxy() throws Exception {
        // the magnet A's page offers friends: its .torrent and web seed are on A's .b32.i2p site
        String magnet = new NodeApi().visitorMagnet(a, firstId, Duration.ofSeconds(60));
        assertTrue(magnet.contains("ws=http%3A%2F%2F" + aB32 + "%2Fwebseed%2F") && magnet.contains("xs=http%3A%2F%2F" + aB32), magnet);
        Path out = NodeProcess.pathProperty("itest.work").resolve("journey-webtorrent");
        JsonObject got = WebTorrentApp.downloadThroughProxy(b, magnet, out, Duration.ofSeconds(120));
        assertArrayEquals(video(), Files.readAllBytes(out.resolve("first.webm")), got.toString());
        // through the proxy: the .torrent, then one ranged request for each of the 64 KiB video's four 16 KiB pieces
        assertEquals("{\"200\":1,\"206\":4}", got.getAsJsonObject("statuses").toString(), got.toString());
        log("B's WebTorrent app fetched A's video over I2P in " + got.get("seconds") + " s: " + got);
    }

    @Test
    @Order(4)
    void privateUrlsUnknownNamesAndClearnetAreRefused() throws Exception {
        for (String path : new String[] { "/api/status", "/api/profile/setup", "/api/friends", "/api/chat", "/dapps/home/" }) {
            String answer = viaProxy(b, "GET http://" + aB32 + path + " HTTP/1.1\r\nHost: " + aB32 + "\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 404"), path + ": " + answer);
            assertFalse(answer.contains("uptime") || answer.contains("\"step\"") || answer.contains("<script")
                    || answer.contains("ownRoom"), answer);
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
    @Order(5)
    void bVisitsAndFollowsAAndSoSitsInAsChatRoom() throws Exception {
        long t0 = System.nanoTime();
        JsonObject page = json(get(b.privateUri("/api/friends/visit?address=" + aB32)));
        log("visit (profile + feed over I2P) in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertEquals(NICKNAME, page.get("nickname").getAsString(), page.toString());
        assertEquals("Hi from A", page.get("bio").getAsString());
        assertFalse(page.get("following").getAsBoolean());
        assertEquals(1, page.getAsJsonArray("items").size());
        assertFalse(rooms(b).contains(room), "visiting joins no room");

        String followed = b.console("p2p:follow " + aB32);
        assertTrue(followed.contains("Following " + NICKNAME) && followed.contains("alice-example.i2p"), followed);
        assertTrue(b.console("i2p:addressbook").contains("alice-example.i2p"));
        JsonObject friends = json(get(b.privateUri("/api/friends")));
        assertEquals(aB32, friends.getAsJsonArray("following").get(0).getAsJsonObject().get("b32").getAsString());
        // B's proxy opens A's site by the name following gave it
        String named = viaProxy(b, "GET http://alice-example.i2p/ HTTP/1.1\r\nHost: alice-example.i2p\r\n\r\n");
        assertTrue(named.startsWith("HTTP/1.1 200") && named.contains("A p2pstack page"), named);
        named = viaProxy(b, "GET http://alice-example.i2p/profile.json HTTP/1.1\r\nHost: alice-example.i2p\r\n\r\n");
        assertTrue(named.startsWith("HTTP/1.1 200") && named.contains(aB32), named);

        // following alone puts B in A's chat room (the room named in A's signed record), ready to write
        JsonObject chat = await(b, "/api/chat?room=" + room, c -> followRoomReady(c, room), Duration.ofSeconds(30));
        assertTrue(chat.getAsJsonArray("messages").isEmpty(), chat.toString());

        // A's video streams to B's page through B's node, over I2P, with Range
        HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(b.privateUri("/api/friends/" + aB32 + "/media/" + firstId))
                .header("Range", "bytes=0-9").timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, part.statusCode());
        assertEquals("video/webm", part.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertTrue(part.headers().firstValue("Content-Range").orElse("").startsWith("bytes 0-9/"));
        assertTrue(Arrays.equals(Arrays.copyOf(video(), 10), part.body()));
        log("B follows A");
    }

    private static boolean followRoomReady(JsonObject chat, String id) {
        for (JsonElement r : chat.getAsJsonArray("rooms")) {
            JsonObject o = r.getAsJsonObject();
            if (o.get("id").getAsString().equals(id)) {
                return o.get("source").getAsString().equals("follow") && o.get("ready").getAsBoolean();
            }
        }
        return false;
    }

    @Test
    @Order(6)
    void asNextPostAppearsLiveInBsFriendsFeed() throws Exception {
        long t0 = System.nanoTime();
        assertEquals(201, upload(a, "second.webm", "A second video").statusCode());
        String event = awaitEvent("friends", e -> e.contains("A second video"), Duration.ofSeconds(60));
        assertTrue(event.contains("\"type\":\"added\"") && event.contains(NICKNAME), event);
        log("A's new post in B's friends feed after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        JsonArray items = json(get(b.privateUri("/api/friends"))).getAsJsonArray("items");
        assertEquals(2, items.size());
        assertEquals("A second video", items.get(0).getAsJsonObject().get("description").getAsString());
    }

    @Test
    @Order(7)
    void aAndBChatBothWaysInAsRoom() throws Exception {
        // A writes in its own room through the page's API; B sees it live, with A's nickname and b32
        long t0 = System.nanoTime();
        HttpResponse<String> sent = send(a, "POST", "/api/chat/messages", "{\"text\":\"Hello from A\"}");
        assertEquals(200, sent.statusCode(), sent.body());
        JsonObject live = JsonParser.parseString(awaitEvent("chat", e -> e.contains("Hello from A"), Duration.ofSeconds(90)))
                .getAsJsonObject();
        log("A's message live on B after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertEquals(room, live.get("room").getAsString());
        assertEquals(NICKNAME, live.getAsJsonObject("message").get("nickname").getAsString());
        assertEquals(aB32, live.getAsJsonObject("message").get("b32").getAsString());

        // B answers in A's room from its page's API, and once more from the console; A sees both, named
        HttpResponse<String> answer = send(b, "POST", "/api/chat/messages", "{\"text\":\"Hello back from B\",\"room\":\"" + room + "\"}");
        assertEquals(200, answer.statusCode(), answer.body());
        String bSent = b.console("chat:send --room " + room + " And from the console");
        assertTrue(bSent.contains("sent"), bSent + b.logTail());
        JsonObject onA = await(a, "/api/chat", c -> hasText(c, "Hello back from B") && hasText(c, "And from the console"),
                Duration.ofSeconds(60));
        assertTrue(message(onA, "Hello from A").get("mine").getAsBoolean());
        assertFalse(message(onA, "Hello back from B").get("mine").getAsBoolean());
        assertEquals("Bob", message(onA, "Hello back from B").get("nickname").getAsString(), "A knows B's name from gossip");
        assertEquals(bB32, message(onA, "Hello back from B").get("b32").getAsString());
        await(b, "/api/chat?room=" + room, c -> hasText(c, "And from the console") && hasText(c, "Hello from A"), Duration.ofSeconds(30));
        assertTrue(b.console("chat:tail --room " + room).contains(NICKNAME + ": Hello from A"));
        log("A and B chatted both ways");

        // bad input from the page changes nothing
        assertEquals(400, send(a, "POST", "/api/chat/messages", "{\"text\":\"   \"}").statusCode());
        assertEquals(400, send(a, "POST", "/api/chat/messages", "{\"text\":\"" + "x".repeat(1001) + "\"}").statusCode());
        assertEquals(400, send(b, "POST", "/api/chat/messages", "{\"text\":\"hi\",\"room\":\"not-a-room\"}").statusCode());
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(a.privateUri("/api/chat/messages"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"forged\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forged.statusCode(), "a POST without the page's token is refused");
        assertFalse(hasText(json(get(a.privateUri("/api/chat"))), "forged"));
    }

    @Test
    @Order(7)
    void bInstallsTheAppsAsharesByCidAfterCheckingWhoMadeThem() throws Exception {
        // A shares a pages-only app and a Java app from its deploy folder: signed packages on IPFS, listed on A's site
        dropJar(a, "notes.jar", staticDapp("notes", "1.0.0", "Notes from A"));
        Files.copy(NodeProcess.pathProperty("itest.dapp"), a.home().resolve("deploy/stacks.jar"));
        a.awaitStatus(a.privateUri("/dapps/notes/"), s -> s == 200, Duration.ofSeconds(20));
        a.awaitStatus(a.privateUri("/dapps/stacks/"), s -> s == 200, Duration.ofSeconds(20));
        HttpResponse<String> published = send(a, "POST", "/api/dapps/publish", "{\"name\":\"notes\"}");
        assertEquals(201, published.statusCode(), published.body());
        String notesCid = json(published).get("cid").getAsString();
        HttpResponse<String> stacks = send(a, "POST", "/api/dapps/publish", "{\"name\":\"stacks\"}");
        assertEquals(201, stacks.statusCode(), stacks.body());
        assertEquals("java", json(stacks).get("kind").getAsString());
        String stacksCid = json(stacks).get("cid").getAsString();
        assertTrue(a.console("dapp:list").contains("notes"));

        // B reaches A's IPFS node directly (no DHT on loopback), then sees A's apps on A's page over I2P
        String aPeer = json(get(a.privateUri("/api/status"))).getAsJsonObject("identity").get("ipfsPeerId").getAsString();
        String connected = b.console("ipfs:connect /ip4/127.0.0.1/tcp/" + (4001 + a.offset()) + "/p2p/" + aPeer);
        assertTrue(connected.contains(aPeer), connected);
        JsonObject list = await(b, "/api/dapps/friend?address=" + aB32, o -> o.getAsJsonArray("dapps").size() == 2, Duration.ofSeconds(90));
        assertTrue(list.toString().contains(notesCid) && list.toString().contains(stacksCid), list.toString());

        // the preview is checked before it is shown: the author is A (by the signature), known as A's nickname
        HttpResponse<String> preview = send(b, "POST", "/api/dapps/preview", "{\"cid\":\"" + notesCid + "\"}");
        assertEquals(200, preview.statusCode(), preview.body());
        JsonObject author = json(preview).getAsJsonObject("author");
        assertEquals(aB32, author.get("b32").getAsString());
        assertEquals(NICKNAME, author.get("knownAs").getAsString());
        assertEquals("see your name and picture",
                json(preview).getAsJsonArray("permissions").get(0).getAsJsonObject().get("meaning").getAsString());
        assertFalse(json(preview).get("needsFullTrust").getAsBoolean());

        long t0 = System.nanoTime();
        HttpResponse<String> installed = send(b, "POST", "/api/dapps/install", "{\"cid\":\"" + notesCid + "\"}");
        assertEquals(201, installed.statusCode(), installed.body());
        assertEquals("active", json(installed).get("state").getAsString(), installed.body());
        b.awaitStatus(b.privateUri("/dapps/notes/"), s -> s == 200, Duration.ofSeconds(10));
        log("B installed A's app by CID, page 200 after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertTrue(get(b.privateUri("/dapps/notes/_app/")).body().contains("Notes from A"));

        // a Java app runs inside the node: not without the owner's explicit full trust
        HttpResponse<String> refused = send(b, "POST", "/api/dapps/install", "{\"cid\":\"" + stacksCid + "\"}");
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("trust"), refused.body());
        assertEquals(404, get(b.privateUri("/dapps/stacks/")).statusCode());
        HttpResponse<String> trusted = send(b, "POST", "/api/dapps/install", "{\"cid\":\"" + stacksCid + "\",\"trustFully\":true}");
        assertEquals(201, trusted.statusCode(), trusted.body());
        assertEquals("active", json(trusted).get("state").getAsString(), trusted.body());

        // the same version again is refused; a newer one from A replaces it
        assertEquals(409, send(b, "POST", "/api/dapps/install", "{\"cid\":\"" + notesCid + "\"}").statusCode());
        dropJar(a, "notes.jar", staticDapp("notes", "1.1.0", "Notes from A, second edition"));
        a.awaitStatus(a.privateUri("/dapps/notes/"), s -> s == 200, Duration.ofSeconds(20));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!get(a.privateUri("/dapps/notes/_app/")).body().contains("second edition") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        String newer = json(send(a, "POST", "/api/dapps/publish", "{\"name\":\"notes\"}")).get("cid").getAsString();
        HttpResponse<String> update = send(b, "POST", "/api/dapps/install", "{\"cid\":\"" + newer + "\"}");
        assertEquals(201, update.statusCode(), update.body());
        assertEquals("1.0.0", json(update).get("replaces").getAsString());
        // the web registration of the new version follows its start by a moment
        long served = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!get(b.privateUri("/dapps/notes/_app/")).body().contains("second edition") && System.nanoTime() < served) {
            Thread.sleep(50);
        }
        assertTrue(get(b.privateUri("/dapps/notes/_app/")).body().contains("second edition"));

        // bad input changes nothing
        assertEquals(400, send(b, "POST", "/api/dapps/preview", "{\"cid\":\"../../etc/passwd\"}").statusCode());
        HttpResponse<String> notAPackage = send(b, "POST", "/api/dapps/preview", "{\"cid\":\"" + aTextCid() + "\"}");
        assertTrue(notAPackage.statusCode() == 422 || notAPackage.statusCode() == 504, notAPackage.body());
        log("B installed A's shared apps");
    }

    /** The CID of something on A's IPFS node that is not a dApp package. */
    private String aTextCid() throws Exception {
        Path file = Files.writeString(a.home().resolve("not-a-package.txt"), "just some text, not a dApp package");
        java.util.regex.Matcher cid = java.util.regex.Pattern.compile("(Qm[1-9A-HJ-NP-Za-km-z]{44})").matcher(a.console("ipfs:add " + file));
        assertTrue(cid.find());
        return cid.group(1);
    }

    private static void dropJar(NodeProcess node, String name, byte[] jar) throws IOException {
        Path tmp = node.home().resolve("deploy/." + name + ".tmp");
        Files.write(tmp, jar);
        Files.move(tmp, node.home().resolve("deploy/" + name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** A pages-only dApp: a manifest and one page, no code. */
    private static byte[] staticDapp(String name, String version, String text) throws IOException {
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        java.util.jar.Attributes main = manifest.getMainAttributes();
        main.put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "org.example." + name);
        main.putValue("Bundle-Version", version);
        main.putValue("P2PStack-Dapp-Name", name);
        main.putValue("P2PStack-Dapp-Title", "Notes");
        main.putValue("P2PStack-Dapp-Permissions", "profile:read");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new java.util.jar.JarEntry("web/index.html"));
            out.write(("<!doctype html><title>Notes</title><p>" + text + "</p>").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    @Order(8)
    void afterBothRestartChatHistoryAndFollowAreIntactAndUnfollowUndoesIt() throws Exception {
        JsonArray before = json(get(b.privateUri("/api/chat?room=" + room))).getAsJsonArray("messages");
        assertEquals(3, before.size(), before.toString());
        long t0 = System.nanoTime();
        b.stop();
        a.stop();
        a.start(); // A first: B's I2P goes through A's router
        b.start();
        a.awaitReady(BOOT);
        b.awaitReady(BOOT);
        log("both restarted in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        for (NodeProcess n : new NodeProcess[] { a, b }) {
            JsonObject after = await(n, "/api/chat?room=" + room, c -> c.getAsJsonArray("messages").size() == 3, BOOT);
            assertEquals(texts(before), texts(after.getAsJsonArray("messages")), "the same history in the same merged order");
        }
        String following = b.console("p2p:following");
        assertTrue(following.contains(NICKNAME) && following.contains("alice-example.i2p") && following.contains("posts: 2"),
                following);
        assertTrue(b.console("i2p:addressbook").contains("alice-example.i2p"));
        assertEquals(NICKNAME, json(get(b.privateUri("/api/directory?q=alice"))).getAsJsonArray("people").get(0).getAsJsonObject()
                .get("nickname").getAsString(), "the directory survived too");
        await(b, "/api/chat?room=" + room, c -> followRoomReady(c, room), BOOT);
        awaitI2pReady(a);
        awaitI2pReady(b);
        String named = viaProxy(b, "GET http://alice-example.i2p/feed.json HTTP/1.1\r\nHost: alice-example.i2p\r\n\r\n");
        assertTrue(named.startsWith("HTTP/1.1 200") && named.contains("A second video"), named);

        // the room still works: A's next message reaches B again
        HttpResponse<String> sent = send(a, "POST", "/api/chat/messages", "{\"text\":\"Back again\"}");
        assertEquals(200, sent.statusCode(), sent.body());
        await(b, "/api/chat?room=" + room, c -> hasText(c, "Back again"), Duration.ofSeconds(90));
        log("chat works again after the restart");

        assertTrue(b.console("p2p:unfollow alice-example.i2p").contains("No longer following"));
        assertFalse(b.console("i2p:addressbook").contains("alice-example.i2p"));
        assertTrue(b.console("p2p:following").contains("You do not follow anyone yet"));
        await(b, "/api/chat", c -> !roomIds(c).contains(room), Duration.ofSeconds(10));
    }

    // --- helpers

    private void log(String what) {
        System.out.printf("FriendsJourneyIT: %s (%d s)%n", what, (System.nanoTime() - started) / 1_000_000_000);
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

    /** Polls a private {@code path} until {@code done}; answers other than 200 count as "not yet". */
    private JsonObject await(NodeProcess n, String path, Predicate<JsonObject> done, Duration timeout) throws Exception {
        return awaitJson(n, n.privateUri(path), done, timeout);
    }

    private JsonObject awaitPublic(NodeProcess n, String path, Predicate<JsonObject> done) throws Exception {
        return awaitJson(n, n.publicUri(path), done, Duration.ofSeconds(60));
    }

    private JsonObject awaitJson(NodeProcess n, URI uri, Predicate<JsonObject> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(uri);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
                if (done.test(body)) {
                    return body;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(uri + " never as expected: " + last + n.logTail());
    }

    /** The node's live event stream, read on a thread: {event, data} pairs as they come. */
    private LinkedBlockingQueue<String[]> events(NodeProcess n) throws Exception {
        LinkedBlockingQueue<String[]> events = new LinkedBlockingQueue<>();
        ServerSentEvents.follow(http, n.privateUri("/api/events"), "journey-it-sse", (event, data) -> events.add(new String[] { event, data }));
        return events;
    }

    /** The data of the first {@code type} event on B's stream that {@code matches}. */
    private String awaitEvent(String type, Predicate<String> matches, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String[] e = bEvents.poll(250, TimeUnit.MILLISECONDS);
            if (e != null && e[0].equals(type) && matches.test(e[1])) {
                return e[1];
            }
        }
        throw new AssertionError("no matching " + type + " event on B's page" + b.logTail() + a.logTail());
    }

    private List<String> rooms(NodeProcess n) throws Exception {
        return roomIds(json(get(n.privateUri("/api/chat"))));
    }

    private static List<String> roomIds(JsonObject chat) {
        List<String> ids = new ArrayList<>();
        chat.getAsJsonArray("rooms").forEach(r -> ids.add(r.getAsJsonObject().get("id").getAsString()));
        return ids;
    }

    private static boolean hasText(JsonObject chat, String text) {
        for (JsonElement m : chat.getAsJsonArray("messages")) {
            if (m.getAsJsonObject().get("text").getAsString().equals(text)) {
                return true;
            }
        }
        return false;
    }

    private static JsonObject message(JsonObject chat, String text) {
        for (JsonElement m : chat.getAsJsonArray("messages")) {
            if (m.getAsJsonObject().get("text").getAsString().equals(text)) {
                return m.getAsJsonObject();
            }
        }
        throw new AssertionError("no message " + text + " in " + chat);
    }

    private static List<String> texts(JsonArray messages) {
        List<String> out = new ArrayList<>();
        messages.forEach(m -> out.add(m.getAsJsonObject().get("text").getAsString()));
        return out;
    }

    private static String text(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
    }

    private static byte[] video() {
        byte[] bytes = new byte[64 * 1024];
        new Random(7).nextBytes(bytes);
        byte[] head = { 0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 0x42, (byte) 0x82, (byte) 0x84, 'w', 'e', 'b', 'm' };
        System.arraycopy(head, 0, bytes, 0, head.length);
        return bytes;
    }

    private HttpResponse<String> upload(NodeProcess node, String name, String description) throws Exception {
        return http.send(HttpRequest.newBuilder(node.privateUri("/api/content?name=" + name + "&description="
                + description.replace(' ', '+'))).timeout(Duration.ofSeconds(30)).header("X-P2PStack-Token", token(node))
                .header("Content-Type", "video/webm").POST(HttpRequest.BodyPublishers.ofByteArray(video())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String token(NodeProcess node) throws Exception {
        return json(get(node.privateUri("/api/session"))).get("token").getAsString();
    }

    private HttpResponse<String> send(NodeProcess node, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(node.privateUri(path)).timeout(Duration.ofSeconds(30))
                .header("X-P2PStack-Token", token(node)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    /** Sends a raw request to the node's I2P browser proxy and reads the whole answer. */
    private static String viaProxy(NodeProcess node, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), node.i2pProxyPort())) {
            s.setSoTimeout(120_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
