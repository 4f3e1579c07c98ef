package org.p2pstack.itests.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.function.Predicate;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The owner's API of a running node, as tests and benchmarks call it: signed in, with the page's token on changes. */
public final class NodeApi {

    private final HttpClient http = NodeProcess.httpClient();

    public HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(NodeProcess node, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(node.privateUri(path)).timeout(Duration.ofSeconds(90))
                .header("X-P2PStack-Token", node.token()).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonObject json(NodeProcess node, String path) throws Exception {
        return json(get(node.privateUri(path)));
    }

    /** Whether a friends' feed ({@code GET /api/friends}) lists the item {@code id}. */
    public static boolean hasItem(JsonObject friends, String id) {
        for (JsonElement item : friends.getAsJsonArray("items")) {
            if (item.getAsJsonObject().get("id").getAsString().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The magnet that friends are given for the item {@code id}'s video, once its torrent is hashed and the node has
     * its I2P address: its web seed and {@code .torrent} are on the node's {@code .b32.i2p} site.
     */
    public String visitorMagnet(NodeProcess node, String id, Duration timeout) throws Exception {
        JsonObject[] torrent = new JsonObject[1];
        await(node, "/api/content", content -> {
            for (JsonElement element : content.getAsJsonArray("items")) {
                JsonObject item = element.getAsJsonObject();
                if (item.get("id").getAsString().equals(id) && item.has("torrent") && item.get("torrent").isJsonObject()
                        && item.getAsJsonObject("torrent").has("visitorMagnet")
                        && !item.getAsJsonObject("torrent").get("visitorMagnet").isJsonNull()) {
                    torrent[0] = item.getAsJsonObject("torrent");
                    return true;
                }
            }
            return false;
        }, timeout);
        return torrent[0].get("visitorMagnet").getAsString();
    }

    public static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    /** Polls {@code path} on the private site until {@code done} holds; fails with the last answer and the log. */
    public JsonObject await(NodeProcess node, String path, Predicate<JsonObject> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(node.privateUri(path));
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonObject o = json(r);
                if (done.test(o)) {
                    return o;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not reached on " + path + ": " + last + node.logTail());
    }

    /** Waits for the node's I2P stack to run and returns its b32. */
    public String awaitI2p(NodeProcess node, Duration timeout) throws Exception {
        JsonObject status = await(node, "/api/status", s -> s.getAsJsonObject("stacks").has("i2p")
                && "running".equals(s.getAsJsonObject("stacks").getAsJsonObject("i2p").get("state").getAsString()), timeout);
        return status.getAsJsonObject("identity").get("b32").getAsString();
    }

    /** Publishes a small WebM (a real header and random frames) with {@code description}. */
    public HttpResponse<String> uploadVideo(NodeProcess node, String name, String description, long seed) throws Exception {
        return uploadVideo(node, name, description, seed, 64 * 1024);
    }

    /** Publishes a WebM of {@code size} bytes (a real header and random frames) with {@code description}. */
    public HttpResponse<String> uploadVideo(NodeProcess node, String name, String description, long seed, int size)
            throws Exception {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        byte[] head = { 0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 0x42, (byte) 0x82, (byte) 0x84, 'w', 'e', 'b', 'm' };
        System.arraycopy(head, 0, bytes, 0, head.length);
        return http.send(HttpRequest.newBuilder(node.privateUri("/api/content?name=" + name + "&description="
                + description.replace(' ', '+'))).timeout(Duration.ofSeconds(120)).header("X-P2PStack-Token", node.token())
                .header("Content-Type", "video/webm").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
