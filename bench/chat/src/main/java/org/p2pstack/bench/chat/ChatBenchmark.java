package org.p2pstack.bench.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.p2pstack.itests.harness.NodeProcess;
import org.p2pstack.itests.harness.ServerSentEvents;
import org.p2pstack.itests.harness.SignedRecords;

/**
 * Directory gossip and chat on three real distributions (A, B, C) on a local HyperDHT testnet (Node's
 * hyperdht), everything on 127.0.0.1:
 * <ul>
 * <li>gossip convergence: 50 signed profile records, split over the three nodes' directories before they start;
 * the time from the moment the three nodes are all connected to each other until each knows all 50
 * (compared with the time the nodes took to find each other on the DHT, and with the 2-minute periodic round
 * that would bound it without the exchange on connecting);</li>
 * <li>chat latency A→B: B and C sit in A's room; A sends N messages through the page's API, and the time from
 * the POST to the {@code chat} event on B's event stream is measured (compared with A's own stream, where the
 * message arrives without the network).</li>
 * </ul>
 */
public final class ChatBenchmark {

    private static final int RECORDS = 50;
    private final Path work = NodeProcess.pathProperty("bench.work");
    private final Path p2pstack = NodeProcess.pathProperty("bench.p2pstack");
    private final Path swarmJs = NodeProcess.pathProperty("bench.swarm.js");
    private final int messages = Integer.getInteger("bench.messages", 20);
    private final int offset = Integer.getInteger("bench.port.offset", 3600);
    private final HttpClient http = NodeProcess.httpClient();

    public static void main(String[] args) throws Exception {
        new ChatBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        int dhtPort;
        try (DatagramSocket s = new DatagramSocket(0)) {
            dhtPort = s.getLocalPort();
        }
        Process testnet = new ProcessBuilder("node", swarmJs.resolve("test/testnet.js").toString(), String.valueOf(dhtPort), "3")
                .directory(swarmJs.toFile()).redirectErrorStream(true).start();
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            BufferedReader testnetOut = new BufferedReader(new InputStreamReader(testnet.getInputStream(), StandardCharsets.UTF_8));
            String first = testnetOut.readLine();
            if (first == null || !first.contains("bootstrap")) {
                throw new IllegalStateException("the DHT testnet did not start: " + first);
            }
            String[] names = { "a", "b", "c" };
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                NodeProcess n = NodeProcess.copyOf(p2pstack, work.resolve("chat-" + names[i]), offset + 400 * i);
                Files.writeString(n.home().resolve("etc/org.p2pstack.swarm.cfg"),
                        "bootstrap = 127.0.0.1:" + dhtPort + "\nfirewalled = false\nhost = 127.0.0.1\nport = 0\n");
                Files.writeString(n.home().resolve("bin/setenv.local"), "P2PSTACK_SWARM_BOOTSTRAP=127.0.0.1:" + dhtPort + "\n");
                byte[] seed = new byte[32];
                new SecureRandom().nextBytes(seed);
                Path swarmDir = n.home().resolve("data/p2pstack/swarm");
                Files.createDirectories(swarmDir);
                Files.writeString(swarmDir.resolve("swarm-key.seed"), HexFormat.of().formatHex(seed));
                keys.add(SignedRecords.swarmKey(seed));
                nodes.add(n);
            }
            // 50 people, the first three of them the nodes' owners; split over the three directories
            List<StringBuilder> files = List.of(new StringBuilder(), new StringBuilder(), new StringBuilder());
            for (int i = 0; i < RECORDS; i++) {
                String swarmKey = i < 3 ? keys.get(i) : "";
                String json = SignedRecords.record(i < 3 ? "Owner " + names[i].toUpperCase(Locale.ROOT) : "Person " + i, swarmKey, 1).json();
                StringBuilder f = files.get(i % 3);
                f.append(f.length() == 0 ? "" : ",").append(json);
            }
            for (int i = 0; i < 3; i++) {
                Path dir = nodes.get(i).home().resolve("data/p2pstack/directory");
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("records.json"), "[" + files.get(i) + "]");
            }
            for (NodeProcess n : nodes) {
                n.start();
            }
            for (NodeProcess n : nodes) {
                n.awaitReady(Duration.ofSeconds(180));
            }
            long swarmsUp = waitUntil(() -> nodes.stream().allMatch(this::swarmRunning), 180);
            long connected = waitUntil(() -> nodes.stream().allMatch(n -> peers(n) >= 2), 180);
            long converged = waitUntil(() -> nodes.stream().allMatch(n -> known(n) == RECORDS), 300);
            System.out.printf(Locale.ROOT, "directory gossip, %d records over 3 nodes (3 distributions, local DHT):%n", RECORDS);
            System.out.printf(Locale.ROOT, "  all connected -> all know %d records: %d ms%n", RECORDS, Math.max(0, converged - connected) / 1_000_000);
            System.out.printf(Locale.ROOT, "  compared with: finding each other on the DHT took %d ms after the swarms were up; "
                    + "the periodic digest round is every 120 000 ms%n", (connected - swarmsUp) / 1_000_000);

            chat(nodes.get(0), nodes.get(1), nodes.get(2), keys.get(0));
        } finally {
            for (NodeProcess n : nodes) {
                try {
                    n.stop();
                } catch (Exception e) {
                    n.kill();
                }
            }
            testnet.getOutputStream().close();
            if (!testnet.waitFor(5, TimeUnit.SECONDS)) {
                testnet.destroyForcibly();
            }
        }
    }

    private void chat(NodeProcess a, NodeProcess b, NodeProcess c, String room) throws Exception {
        b.console("chat:join " + room);
        c.console("chat:join " + room);
        Map<String, Long> seenOnB = new ConcurrentHashMap<>();
        Map<String, Long> seenOnA = new ConcurrentHashMap<>();
        listen(b, seenOnB);
        listen(a, seenOnA);
        // warm up until B shows A's messages (B has A's core and the connection is up)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int warm = 0;
        while (!seenOnB.containsKey("warm-up " + warm)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("B never showed A's messages\n" + b.logTail());
            }
            warm++;
            send(a, "warm-up " + warm);
            Thread.sleep(3000);
        }
        List<Double> remote = new ArrayList<>();
        List<Double> local = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            String text = "bench message " + i;
            long start = System.nanoTime();
            send(a, text);
            long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!seenOnB.containsKey(text) && System.nanoTime() < limit) {
                Thread.sleep(1);
            }
            if (seenOnB.containsKey(text)) {
                remote.add((seenOnB.get(text) - start) / 1e6);
            }
            if (seenOnA.containsKey(text)) {
                local.add((seenOnA.get(text) - start) / 1e6);
            }
            Thread.sleep(1100); // the node's own pace: 10 messages per 10 s
        }
        System.out.printf(Locale.ROOT, "chat latency A->B (POST on A to the chat event on B's /api/events), %d messages, %d arrived:%n",
                messages, remote.size());
        System.out.printf(Locale.ROOT, "  median %.1f ms, p90 %.1f ms, max %.1f ms%n", pct(remote, 50), pct(remote, 90), pct(remote, 100));
        System.out.printf(Locale.ROOT, "  compared with: the same message on A's own stream, median %.1f ms, p90 %.1f ms%n",
                pct(local, 50), pct(local, 90));
    }

    private static double pct(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank)));
    }

    private void send(NodeProcess n, String text) throws Exception {
        String token = get(n, "/api/session").get("token").getAsString();
        JsonObject body = new JsonObject();
        body.addProperty("text", text);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(n.privateUri("/api/chat/messages"))
                .header("Content-Type", "application/json").header("X-P2PStack-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("send failed: " + r.statusCode() + " " + r.body());
        }
    }

    /** Notes when each chat message first shows in {@code n}'s event stream, as the page would show it. */
    private void listen(NodeProcess n, Map<String, Long> seen) throws Exception {
        ServerSentEvents.follow(http, n.privateUri("/api/events"), "chat-bench-sse", (event, data) -> {
            if (event.equals("chat")) {
                long now = System.nanoTime();
                String text = JsonParser.parseString(data).getAsJsonObject().getAsJsonObject("message").get("text").getAsString();
                seen.putIfAbsent(text, now);
            }
        });
    }

    private JsonObject get(NodeProcess n, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(n.privateUri(path)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(path + ": " + r.statusCode());
        }
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private boolean swarmRunning(NodeProcess n) {
        try {
            return "running".equals(get(n, "/api/status").getAsJsonObject("stacks").getAsJsonObject("swarm").get("state").getAsString());
        } catch (Exception e) {
            return false;
        }
    }

    private int peers(NodeProcess n) {
        try {
            JsonObject swarm = get(n, "/api/status").getAsJsonObject("stacks").getAsJsonObject("swarm");
            return swarm.has("peers") ? swarm.get("peers").getAsInt() : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    private int known(NodeProcess n) {
        try {
            return get(n, "/api/directory?q=").get("known").getAsInt();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Polls every 20 ms; returns System.nanoTime() when {@code done} first held. */
    private static long waitUntil(java.util.function.BooleanSupplier done, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached within " + seconds + " s");
            }
            Thread.sleep(20);
        }
        return System.nanoTime();
    }
}
