package org.p2pstack.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.p2pstack.itests.harness.NodeProcess;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** A stack broken inside the running node comes back by itself, and the status says what happened. */
class ResilienceIT {

    private final HttpClient http = NodeProcess.httpClient();

    private JsonObject stack(NodeProcess node, String name) throws Exception {
        String body = http.send(HttpRequest.newBuilder(node.privateUri("/api/status")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        return JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("stacks").getAsJsonObject(name);
    }

    private JsonObject awaitState(NodeProcess node, String name, String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            last = stack(node, name);
            if (state.equals(last.get("state").getAsString())) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not become " + state + " within " + timeout + ": " + last);
    }

    /**
     * Waits until the stack is failed with a message matching {@code regex} (the supervisor notices within a
     * second), or has already recovered from such a failure: on a loaded machine the console call that broke it
     * can return after the repair, and the supervisor's {@code lastRecovery} then names the failure it saw.
     */
    private JsonObject awaitFailure(NodeProcess node, String name, String regex, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject last = null;
        // the supervisor records the problem's first words ("Restarted at 01:54:56 after: The IPFS listener stopped")
        String firstWords = regex.split("\\\\|\\.\\*|\\(", 2)[0];
        java.util.regex.Pattern seen = java.util.regex.Pattern.compile("after: " + java.util.regex.Pattern.quote(firstWords));
        while (System.nanoTime() < deadline) {
            last = stack(node, name);
            if ("failed".equals(last.get("state").getAsString()) && last.get("message").getAsString().matches(regex)) {
                return last;
            }
            if (!firstWords.isEmpty() && last.has("lastRecovery") && seen.matcher(last.get("lastRecovery").getAsString()).find()) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not fail with a message like " + regex + " within " + timeout + ": " + last);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** One node for every stack: each is broken in turn and must come back by itself. */
    @Test
    void everyStackBrokenInsideTheNodeComesBackByItself() throws Exception {
        Path work = NodeProcess.pathProperty("itest.work");
        try (NodeProcess node = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("node-resilience"),
                Integer.getInteger("itest.port.offset", 1000) + 600)) {
            node.start();
            node.awaitReady(Duration.ofSeconds(90));
            ipfsListenerClosedReopens(node);
            i2pRouterStoppedRestarts(node);
            swarmEngineKilledRestartsWithItsKeyAndCores(node);
        }
    }

    private void ipfsListenerClosedReopens(NodeProcess node) throws Exception {
        awaitState(node, "ipfs", "running", Duration.ofSeconds(30));
        int port = 4001 + node.offset();
        assertTrue(accepts(port));

        String output = node.console("p2p:break", "p2p:break ipfs");
        assertTrue(output.contains("closes the IPFS listener"), output);
        JsonObject broken = awaitFailure(node, "ipfs", "The IPFS listener stopped\\. IPFS is reconnecting.*", Duration.ofSeconds(10));
        if ("failed".equals(broken.get("state").getAsString())) {
            assertTrue(!accepts(port), "the listener is really gone");
        }

        JsonObject recovered = awaitState(node, "ipfs", "running", Duration.ofSeconds(30));
        assertTrue(recovered.get("lastRecovery").getAsString().contains("The IPFS listener stopped"), recovered.toString());
        assertTrue(accepts(port), "listening again on the same port");
    }

    private void i2pRouterStoppedRestarts(NodeProcess node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"starting".equals(stack(node, "i2p").get("state").getAsString()) && System.nanoTime() < deadline) {
            Thread.sleep(200); // the router is up once it builds tunnels (offline it stays there)
        }
        String output = node.console("p2p:break i2p");
        assertTrue(output.contains("stops the embedded I2P router"), output);
        awaitFailure(node, "i2p", ".*I2P is (reconnecting|restarting).*", Duration.ofSeconds(15));

        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonObject back = stack(node, "i2p");
        while ((back.get("lastRecovery") == null || "failed".equals(back.get("state").getAsString()))
                && System.nanoTime() < until) {
            Thread.sleep(200);
            back = stack(node, "i2p");
        }
        // what the node noticed first: the router's absence, or the session that lost its router
        assertTrue(back.has("lastRecovery") && back.get("lastRecovery").getAsString().toLowerCase().contains("router"),
                back.toString());
        assertTrue(!"failed".equals(back.get("state").getAsString()), back.toString());
    }

    private void swarmEngineKilledRestartsWithItsKeyAndCores(NodeProcess node) throws Exception {
        JsonObject running = awaitState(node, "swarm", "running", Duration.ofSeconds(90));
        String key = running.get("publicKey").getAsString();
        String appended = node.console("hypercore:append resilience before");
        assertTrue(!appended.toLowerCase().contains("error"), appended);

        String output = node.console("p2p:break swarm");
        assertTrue(output.contains("kills the JavaScript engine"), output);
        awaitFailure(node, "swarm", "The JavaScript engine stopped.*Hyperswarm is (reconnecting|restarting).*", Duration.ofSeconds(10));

        JsonObject recovered = awaitState(node, "swarm", "running", Duration.ofSeconds(90));
        assertTrue(recovered.get("lastRecovery").getAsString().contains("The JavaScript engine stopped"), recovered.toString());
        assertEquals(key, recovered.get("publicKey").getAsString(), "the same swarm key after the restart");
        node.console("hypercore:append resilience after");
        String blocks = node.console("hypercore:cat resilience");
        assertTrue(blocks.contains("before") && blocks.contains("after"), "the core survived the engine restart: " + blocks);
    }
}
