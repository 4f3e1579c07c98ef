package org.p2pstack.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.p2pstack.itests.harness.NodeProcess;

/**
 * The distribution's swarm stack (GraalJS with the JIT) on a local DHT testnet with a real Node.js
 * Hyperswarm/Corestore peer: status, joining from the console, the peer showing up, its core read
 * through the node, and our core read by it; a core found by its key alone; the bootstrap list set from
 * the console and kept across a restart, after which every stack's status command shows its own stack.
 * The node finds the testnet through etc/org.p2pstack.swarm.cfg only (no P2PSTACK_SWARM_BOOTSTRAP).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
    private final HttpClient http = NodeProcess.httpClient();
    private final Path js = NodeProcess.pathProperty("itest.swarm.js");
    private Script testnet;
    private Script peer;
    private NodeProcess node;

    /** A Node.js script from bundles/swarm/js/test speaking JSON lines. */
    static final class Script implements AutoCloseable {
        final Process process;
        final LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
        final StringBuilder log = new StringBuilder();

        Script(Path js, String name, String... args) throws IOException {
            this(List.of(), js, name, args);
        }

        /** The script run under {@code runUnder}, e.g. {@code ip netns exec <host>} on the testbed. */
        Script(List<String> runUnder, Path js, String name, String... args) throws IOException {
            List<String> cmd = new java.util.ArrayList<>(runUnder);
            cmd.addAll(List.of("node", js.resolve("test").resolve(name).toString()));
            cmd.addAll(List.of(args));
            process = new ProcessBuilder(cmd).directory(js.toFile()).redirectErrorStream(true).start();
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (log) {
                            log.append(line).append('\n');
                        }
                        if (line.startsWith("{")) {
                            events.add(JsonParser.parseString(line).getAsJsonObject());
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // ended
                }
            });
            t.setDaemon(true);
            t.start();
        }

        JsonObject await(String key, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                JsonObject e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no " + key + " from node: " + log);
                }
                if (e.has(key) || (e.has("event") && e.get("event").getAsString().equals(key))) {
                    return e;
                }
            }
        }

        void send(JsonObject cmd) throws IOException {
            process.getOutputStream().write((cmd + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private String topic;
    private int dhtPort;
    private JsonArray testnetBootstrap;
    private String peerKey;
    private String peerCoreKey;

    @BeforeAll
    void start() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        dhtPort = port;
        testnet = new Script(js, "testnet.js", String.valueOf(port), "3");
        JsonArray bootstrap = testnet.await("bootstrap", 30).getAsJsonArray("bootstrap");
        testnetBootstrap = bootstrap;
        byte[] t = new byte[32];
        ThreadLocalRandom.current().nextBytes(t);
        topic = HexFormat.of().formatHex(t);
        JsonObject cfg = new JsonObject();
        cfg.add("bootstrap", bootstrap);
        cfg.addProperty("mode", "swarm");
        cfg.addProperty("topic", topic);
        JsonArray blocks = new JsonArray();
        for (int i = 0; i < 5; i++) {
            blocks.add("from node " + i);
        }
        cfg.add("blocks", blocks);
        peer = new Script(js, "node-peer.js", cfg.toString());
        JsonObject ready = peer.await("ready", 60);
        peerKey = ready.get("publicKey").getAsString();
        peerCoreKey = ready.get("coreKey").getAsString();

        int offset = Integer.getInteger("itest.port.offset", 1000) + 1777; // clear of the other ITs' nodes
        node = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"),
                NodeProcess.pathProperty("itest.work").resolve("swarm-node"), offset);
        Files.writeString(node.home().resolve("etc/org.p2pstack.swarm.cfg"),
                "bootstrap = 127.0.0.1:" + port + "\nfirewalled = false\nhost = 127.0.0.1\n");
        // the list in etc/org.p2pstack.swarm.cfg must be enough in local-network mode: clear the override the
        // test run sets for every other node (issue 15: the configured list used to be dropped)
        Files.writeString(node.home().resolve("bin/setenv.local"), "P2PSTACK_SWARM_BOOTSTRAP=\n");
        node.start();
        node.awaitReady(BOOT_TIMEOUT);
    }

    @AfterAll
    void stop() throws Exception {
        if (node != null) {
            node.stop();
        }
        if (peer != null) {
            peer.close();
        }
        if (testnet != null) {
            testnet.close();
        }
    }

    private JsonObject swarmStatus() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(node.privateUri("/api/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private JsonObject awaitSwarmRunning() throws Exception {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        JsonObject swarm = swarmStatus().getAsJsonObject("stacks").getAsJsonObject("swarm");
        while (!swarm.get("state").getAsString().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(250);
            swarm = swarmStatus().getAsJsonObject("stacks").getAsJsonObject("swarm");
        }
        assertEquals("running", swarm.get("state").getAsString(), swarm + node.logTail());
        return swarm;
    }

    @Test
    @Order(1)
    void joinsATopicFromTheConsoleAndReplicatesWithANodePeer() throws Exception {
        JsonObject swarm = awaitSwarmRunning();
        assertEquals("127.0.0.1:" + dhtPort, swarm.get("bootstrap").getAsString(), swarm.toString());
        assertEquals("etc/org.p2pstack.swarm.cfg", swarm.get("bootstrapFrom").getAsString());
        long deadline;
        assertTrue(swarm.get("jit").getAsBoolean(), "GraalJS runs with the optimizing JIT");
        String ourKey = swarmStatus().getAsJsonObject("identity").get("swarmKey").getAsString();
        assertEquals(64, ourKey.length());

        String joined = node.console("swarm:join " + topic);
        assertTrue(joined.contains("joined " + topic), joined + node.logTail());
        String peers = "";
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!peers.contains(peerKey) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            peers = node.console("swarm:peers");
        }
        assertTrue(peers.contains(peerKey), peers + node.logTail());

        String cat = node.console("hypercore:cat " + peerCoreKey);
        assertTrue(cat.contains("from node 0") && cat.contains("from node 4"), cat + node.logTail());

        String appended = node.console("hypercore:append chat \"hello from karaf\"");
        String coreKey = appended.trim().split("\\s+")[0];
        JsonObject read = new JsonObject();
        read.addProperty("cmd", "read");
        read.addProperty("key", coreKey);
        read.addProperty("length", 1);
        peer.send(read);
        assertEquals("hello from karaf", peer.await("blocks", 60).getAsJsonArray("blocks").get(0).getAsString());
        assertTrue(swarmStatus().getAsJsonObject("stacks").getAsJsonObject("swarm").get("peers").getAsInt() >= 1);
    }

    /** Issue 15, item 6: a core made only with hypercore:append is announced on its discovery key. */
    @Test
    @Order(2)
    void aNodePeerFindsACoreMadeWithAppendByItsKeyAlone() throws Exception {
        awaitSwarmRunning();
        String appended = node.console("hypercore:append photos \"found by key\"");
        String coreKey = appended.trim().split("\\s+")[0];
        assertTrue(coreKey.matches("[0-9a-f]{64}"), appended + node.logTail());

        // a second Node peer on a topic of its own: it shares nothing with the node but the core's key
        byte[] own = new byte[32];
        ThreadLocalRandom.current().nextBytes(own);
        JsonObject cfg = new JsonObject();
        cfg.add("bootstrap", testnetBootstrap);
        cfg.addProperty("mode", "swarm");
        cfg.addProperty("topic", HexFormat.of().formatHex(own));
        cfg.add("blocks", new JsonArray());
        try (Script stranger = new Script(js, "node-peer.js", cfg.toString())) {
            stranger.await("ready", 60);
            JsonObject find = new JsonObject();
            find.addProperty("cmd", "find");
            find.addProperty("key", coreKey);
            find.addProperty("seconds", 60);
            stranger.send(find);
            assertEquals("found by key", stranger.await("found", 75).get("text").getAsString(), node.logTail());
        }

        // the same block as hex and as raw bytes in a file
        String hex = node.console("hypercore:cat --hex photos");
        assertTrue(hex.contains(HexFormat.of().formatHex("found by key".getBytes(StandardCharsets.UTF_8))), hex);
        Path out = node.home().resolve("photos.bin").toAbsolutePath();
        String wrote = node.console("hypercore:cat --out " + out + " photos");
        assertTrue(wrote.contains("wrote 1 blocks, 12 bytes"), wrote);
        assertEquals("found by key", Files.readString(out, StandardCharsets.UTF_8));
    }

    /** Issue 15, item 3: after a restart every {@code <stack>:status} command prints its own stack (swarm:status printed I2P's). */
    @Test
    @Order(3)
    void afterARestartEveryStackStatusCommandShowsItsOwnStack() throws Exception {
        awaitSwarmRunning();
        node.stop();
        node.start();
        node.awaitReady(BOOT_TIMEOUT);
        awaitSwarmRunning();
        String ourKey = swarmStatus().getAsJsonObject("identity").get("swarmKey").getAsString();

        String swarmOut = node.console("swarm:status");
        assertTrue(swarmOut.contains(ourKey), swarmOut);
        // no I2P line and no I2P address; a bare substring test failed whenever the random swarm key held "b32" in hex
        assertFalse(Pattern.compile("(?im)^\\s*(b32|tunnels?|router)\\b|\\.b32\\.i2p").matcher(swarmOut).find(), swarmOut);

        // the stacks the node reports, and the scopes a stack's commands may use (help prints nothing in batch mode)
        Set<String> stacks = new TreeSet<>(swarmStatus().getAsJsonObject("stacks").keySet());
        stacks.addAll(List.of("i2p", "ipfs", "swarm", "torrent", "hypercore"));
        Set<String> checked = new TreeSet<>();
        for (String stack : stacks) {
            NodeProcess.Result r = node.consoleResult(stack + ":status");
            if (r.output().contains("Command not found")) {
                continue;
            }
            assertEquals(0, r.exitCode(), stack + ":status failed: " + r.output());
            Matcher line = Pattern.compile("(?im)^\\s*stack:?\\s+(\\S+)\\s*$").matcher(r.output());
            assertTrue(line.find(), stack + ":status names no stack: " + r.output());
            assertEquals(stack, line.group(1), stack + ":status shows another stack: " + r.output());
            checked.add(stack);
        }
        assertTrue(checked.containsAll(Set.of("i2p", "swarm")), checked.toString());
    }

    /** Issue 15, item 2: swarm:bootstrap shows the list in use and sets it, and the setting survives a restart. */
    @Test
    @Order(4)
    void bootstrapSetFromTheConsoleIsUsedAndSurvivesARestart() throws Exception {
        awaitSwarmRunning();
        String shown = node.console("swarm:bootstrap");
        assertTrue(shown.matches("(?s).*in use\\s+127\\.0\\.0\\.1:" + dhtPort + "\\s.*"), shown);
        assertTrue(shown.contains("etc/org.p2pstack.swarm.cfg"), shown);

        NodeProcess.Result bad = node.consoleResult("swarm:bootstrap 127.0.0.1:" + dhtPort + ",nonsense");
        assertNotEquals(0, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("'nonsense' is not a bootstrap node"), bad.output());

        String list = "127.0.0.1:" + dhtPort + ",127.0.0.1:9";
        String set = node.console("swarm:bootstrap " + list);
        assertTrue(set.contains("bootstrap set to " + list), set);
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        JsonObject swarm = swarmStatus().getAsJsonObject("stacks").getAsJsonObject("swarm");
        while (!(swarm.has("bootstrap") && swarm.get("bootstrap").getAsString().equals(list)) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            swarm = swarmStatus().getAsJsonObject("stacks").getAsJsonObject("swarm");
        }
        assertEquals(list, swarm.has("bootstrap") ? swarm.get("bootstrap").getAsString() : "", "the stack restarts with it: " + swarm);

        node.stop();
        node.start();
        node.awaitReady(BOOT_TIMEOUT);
        assertTrue(Files.readString(node.home().resolve("etc/org.p2pstack.swarm.cfg")).contains(list), "written back to the file");
        swarm = awaitSwarmRunning();
        assertEquals(list, swarm.get("bootstrap").getAsString(), swarm.toString());
        assertTrue(node.console("swarm:bootstrap").contains(list));
    }
}
