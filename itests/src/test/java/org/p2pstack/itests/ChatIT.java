package org.p2pstack.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2pstack.itests.harness.NodeProcess;

/**
 * Two distributions (B at a port offset) on a local Hyperswarm bootstrap: A's signed profile record reaches
 * B's directory by gossip (B finds A by nickname), B joins A's chat room, both write, messages show up live
 * on the other side with A's nickname, and after both nodes restart the history is still there.
 * <p>
 * A's record is A's own: A chooses a nickname, the node signs its record with its I2P destination (naming its
 * swarm key) and gossips it. B joins A's room by key here; following does the same through {@code Follows}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    private static final String NICKNAME = "Alice Chatwell";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private SwarmIT.Script testnet;
    private NodeProcess a;
    private NodeProcess b;

    @BeforeAll
    void start() throws Exception {
        int dhtPort;
        try (DatagramSocket s = new DatagramSocket(0)) {
            dhtPort = s.getLocalPort();
        }
        testnet = new SwarmIT.Script(NodeProcess.pathProperty("itest.swarm.js"), "testnet.js", String.valueOf(dhtPort), "3");
        testnet.await("bootstrap", 30);

        int offset = Integer.getInteger("itest.port.offset", 1000) + 900; // B at +1100: clear of the other ITs
        Path work = NodeProcess.pathProperty("itest.work");
        a = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("chat-a"), offset);
        b = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("chat-b"), offset + 200);
        for (NodeProcess n : new NodeProcess[] { a, b }) {
            // port 0 + the node's offset: the default DHT port (49737) plus a large offset would not fit in 16 bits
            Files.writeString(n.home().resolve("etc/org.p2pstack.swarm.cfg"),
                    "bootstrap = 127.0.0.1:" + dhtPort + "\nfirewalled = false\nhost = 127.0.0.1\nport = 0\n");
            Files.writeString(n.home().resolve("bin/setenv.local"), "P2PSTACK_SWARM_BOOTSTRAP=127.0.0.1:" + dhtPort + "\n");
        }
        a.start();
        b.start();
        a.awaitReady(BOOT_TIMEOUT);
        b.awaitReady(BOOT_TIMEOUT);
    }

    @AfterAll
    void stop() throws Exception {
        for (NodeProcess n : new NodeProcess[] { a, b }) {
            if (n != null) {
                n.stop();
            }
        }
        if (testnet != null) {
            testnet.close();
        }
    }

    private JsonObject get(NodeProcess n, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(n.privateUri(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private HttpResponse<String> post(NodeProcess n, String path, JsonObject body) throws Exception {
        return change(n, "POST", path, body);
    }

    private HttpResponse<String> change(NodeProcess n, String method, String path, JsonObject body) throws Exception {
        String token = get(n, "/api/session").get("token").getAsString();
        return http.send(HttpRequest.newBuilder(n.privateUri(path)).header("Content-Type", "application/json")
                .header("X-P2PStack-Token", token).method(method, HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code path} until {@code done}; answers other than 200 count as "not yet" (endpoints register one by one). */
    private JsonObject await(NodeProcess n, String path, Predicate<JsonObject> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(n.privateUri(path)).build(), HttpResponse.BodyHandlers.ofString());
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
                if (done.test(body)) {
                    return body;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError(path + " never as expected: " + last + "\n" + n.logTail());
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

    /** B's live event stream, read on a thread: the chat events as they come. */
    private LinkedBlockingQueue<JsonObject> chatEvents(NodeProcess n) throws Exception {
        LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(n.privateUri("/api/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String event = "";
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ") && event.equals("chat")) {
                        events.add(JsonParser.parseString(line.substring(6)).getAsJsonObject());
                    }
                }
            } catch (Exception e) {
                // stream ended
            }
        }, "chat-it-sse");
        t.setDaemon(true);
        t.start();
        return events;
    }

    @Test
    void gossipFindsAByNameAndTheyChatBothWaysAcrossRestarts() throws Exception {
        // the swarm stacks start, A's chat room exists
        String room = await(a, "/api/chat", c -> c.get("ownRoom").getAsString().length() == 64, BOOT_TIMEOUT)
                .get("ownRoom").getAsString();
        String aKey = get(a, "/api/status").getAsJsonObject("identity").get("swarmKey").getAsString();
        assertEquals(aKey, room, "A's room is named by A's swarm key");

        // A chooses a nickname: the node signs its profile record (with its swarm key) and gossips it
        JsonObject profile = new JsonObject();
        profile.addProperty("nickname", NICKNAME);
        HttpResponse<String> saved = change(a, "PUT", "/api/profile", profile);
        assertEquals(200, saved.statusCode(), saved.body());
        String aB32 = await(a, "/api/status", s -> s.getAsJsonObject("identity").has("b32"), BOOT_TIMEOUT)
                .getAsJsonObject("identity").get("b32").getAsString().replace("http://", "").replace("/", "");
        assertTrue(get(a, "/api/chat").get("notice").getAsString().contains("not anonymous"));

        // directory gossip: B finds A by (part of) the nickname, with the b32 beside it
        JsonObject found = await(b, "/api/directory?q=chatwell", d -> d.getAsJsonArray("people").size() > 0, Duration.ofSeconds(90));
        JsonObject person = found.getAsJsonArray("people").get(0).getAsJsonObject();
        assertEquals(NICKNAME, person.get("nickname").getAsString());
        assertEquals(aB32, person.get("b32").getAsString());
        assertTrue(b.console("p2p:directory Alice").contains(aB32));

        // B joins A's room by its key (what following does through the friends' service)
        await(b, "/api/chat", c -> c.get("ownRoom").getAsString().length() == 64, BOOT_TIMEOUT);
        String joined = b.console("chat:join " + room);
        assertTrue(joined.contains("joined " + room), joined + b.logTail());
        LinkedBlockingQueue<JsonObject> bEvents = chatEvents(b);

        // A writes through the page's API; B sees it live, with A's nickname from the directory
        JsonObject send = new JsonObject();
        send.addProperty("text", "Hello from A");
        HttpResponse<String> sent = post(a, "/api/chat/messages", send);
        assertEquals(200, sent.statusCode(), sent.body());
        JsonObject live = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (live == null && System.nanoTime() < deadline) {
            JsonObject e = bEvents.poll(1, TimeUnit.SECONDS);
            if (e != null && e.getAsJsonObject("message").get("text").getAsString().equals("Hello from A")) {
                live = e;
            }
        }
        assertTrue(live != null, "B's page is told of A's message live\n" + b.logTail() + "\n" + a.logTail());
        assertEquals(room, live.get("room").getAsString());
        assertEquals(NICKNAME, live.getAsJsonObject("message").get("nickname").getAsString());
        assertEquals(aB32, live.getAsJsonObject("message").get("b32").getAsString());

        // B answers from the console; A sees it in its own room
        String bSent = b.console("chat:send --room " + room + " Hello back from B");
        assertTrue(bSent.contains("sent"), bSent + b.logTail());
        String roomQuery = "/api/chat?room=" + room;
        JsonObject onA = await(a, roomQuery, c -> hasText(c, "Hello back from B"), Duration.ofSeconds(60));
        assertTrue(message(onA, "Hello from A").get("mine").getAsBoolean());
        assertTrue(!message(onA, "Hello back from B").get("mine").getAsBoolean());
        JsonObject onB = await(b, roomQuery, c -> hasText(c, "Hello back from B") && hasText(c, "Hello from A"), Duration.ofSeconds(30));
        assertTrue(b.console("chat:tail --room " + room).contains(NICKNAME + ": Hello from A"));

        // bad input from the page changes nothing
        JsonObject empty = new JsonObject();
        empty.addProperty("text", "   ");
        assertEquals(400, post(a, "/api/chat/messages", empty).statusCode());
        JsonObject tooLong = new JsonObject();
        tooLong.addProperty("text", "x".repeat(1001));
        assertEquals(400, post(a, "/api/chat/messages", tooLong).statusCode());
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(a.privateUri("/api/chat/messages"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(send.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forged.statusCode(), "a POST without the page's token is refused");

        // both nodes restart: the history is read back from the cores on disk, in the same merged order
        JsonArray before = onB.getAsJsonArray("messages");
        a.stop();
        b.stop();
        a.start();
        b.start();
        a.awaitReady(BOOT_TIMEOUT);
        b.awaitReady(BOOT_TIMEOUT);
        for (NodeProcess n : new NodeProcess[] { a, b }) {
            JsonObject after = await(n, roomQuery, c -> hasText(c, "Hello from A") && hasText(c, "Hello back from B"), BOOT_TIMEOUT);
            assertEquals(texts(before), texts(after.getAsJsonArray("messages")));
        }
        // and the directory survived too
        assertEquals(NICKNAME, get(b, "/api/directory?q=alice").getAsJsonArray("people").get(0).getAsJsonObject()
                .get("nickname").getAsString());
    }

    private static java.util.List<String> texts(JsonArray messages) {
        java.util.List<String> out = new java.util.ArrayList<>();
        messages.forEach(m -> out.add(m.getAsJsonObject().get("text").getAsString()));
        return out;
    }
}
