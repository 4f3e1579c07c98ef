package org.p2pstack.bench.friends;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.p2pstack.itests.harness.NodeProcess;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Visiting a friend: node B asks its own API for A's page ({@code GET /api/friends/visit}), which fetches A's
 * {@code /profile.json} and {@code /feed.json} over I2P (B's destination → A's server tunnel → A's public site),
 * verifies the signed record and answers. Two distributions share A's embedded router over I2CP, with 0-hop
 * tunnels (loopback, like the integration test). Compared with the same two fetches straight from A's public
 * site over loopback HTTP, which is what the I2P part adds. The first visit (cold: a new stream, the lease set
 * looked up) is shown apart from the median of the following ones.
 */
public final class VisitBenchmark {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private final HttpClient http = NodeProcess.httpClient();

    public static void main(String[] args) throws Exception {
        new VisitBenchmark().run();
    }

    private void run() throws Exception {
        Path work = NodeProcess.pathProperty("bench.work");
        Path dist = NodeProcess.pathProperty("bench.p2pstack");
        int runs = Integer.getInteger("bench.runs", 20);
        int offset = Integer.getInteger("bench.port.offset", 3000);
        try (NodeProcess a = NodeProcess.copyOf(dist, work.resolve("friend-a"), offset);
                NodeProcess b = NodeProcess.copyOf(dist, work.resolve("friend-b"), offset + 100)) {
            for (NodeProcess node : new NodeProcess[] { a, b }) {
                node.configure("org.p2pstack.i2p", "tunnel.inbound.length", "0");
                node.configure("org.p2pstack.i2p", "tunnel.outbound.length", "0");
                node.configure("org.p2pstack.i2p", "tunnel.quantity", "1");
            }
            a.configure("org.p2pstack.i2p", "i2cp.expose", "true");
            b.configure("org.p2pstack.i2p", "mode", "external");
            b.configure("org.p2pstack.i2p", "i2cp.port", Integer.toString(7654 + offset));
            a.start();
            b.start();
            a.awaitReady(TIMEOUT);
            b.awaitReady(TIMEOUT);
            String aB32 = awaitI2p(a);
            awaitI2p(b);
            String token = json(get(a.privateUri("/api/session"))).get("token").getAsString();
            http.send(HttpRequest.newBuilder(a.privateUri("/api/profile")).header("X-P2PStack-Token", token)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"nickname\":\"Alice\",\"bio\":\"benchmark\"}")).build(),
                    HttpResponse.BodyHandlers.discarding());
            for (int i = 0; i < 10; i++) { // a feed of ten posts
                byte[] video = new byte[4096];
                System.arraycopy(new byte[] { 0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 'w', 'e', 'b', 'm' }, 0, video, 0, 8);
                http.send(HttpRequest.newBuilder(a.privateUri("/api/content?name=clip-" + i + ".webm&description=Clip+" + i))
                        .header("X-P2PStack-Token", token).header("Content-Type", "video/webm")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(video)).build(), HttpResponse.BodyHandlers.discarding());
            }
            while (!json(get(a.publicUri("/profile.json"))).has("signature")) {
                Thread.sleep(200);
            }
            URI visit = b.privateUri("/api/friends/visit?address=" + aB32);
            long t0 = System.nanoTime();
            HttpResponse<String> first = get(visit);
            double cold = (System.nanoTime() - t0) / 1e6;
            if (first.statusCode() != 200) {
                throw new IllegalStateException("visit failed: " + first.body());
            }
            List<Double> overI2p = new ArrayList<>();
            List<Double> loopback = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                HttpResponse<String> r = get(visit);
                overI2p.add((System.nanoTime() - t) / 1e6);
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("visit failed: " + r.body());
                }
                t = System.nanoTime();
                get(a.publicUri("/profile.json"));
                get(a.publicUri("/feed.json"));
                loopback.add((System.nanoTime() - t) / 1e6);
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "Visiting a friend (profile + feed of 10 posts, signature checked), %d runs, 2-core machine%n", runs);
            System.out.printf(Locale.ROOT, "%-52s %8.1f ms%n", "first visit over I2P (new stream, lease set lookup)", cold);
            System.out.printf(Locale.ROOT, "%-52s %8.1f ms (p90 %.1f ms) | same two fetches over loopback HTTP %.1f ms%n",
                    "visit over I2P, median", median(overI2p), percentile(overI2p, 0.9), median(loopback));
            b.stop();
            a.stop();
        }
    }

    private String awaitI2p(NodeProcess node) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject status = json(get(node.privateUri("/api/status")));
            if ("running".equals(status.getAsJsonObject("stacks").getAsJsonObject("i2p").get("state").getAsString())) {
                return status.getAsJsonObject("identity").get("b32").getAsString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("I2P not ready" + node.logTail());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }
}
