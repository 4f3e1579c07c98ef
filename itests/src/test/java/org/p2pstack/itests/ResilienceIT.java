package org.p2pstack.itests;

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

    private final HttpClient http = HttpClient.newHttpClient();

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

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void ipfsListenerClosedInsideTheNodeReopensByItself() throws Exception {
        Path work = NodeProcess.pathProperty("itest.work");
        try (NodeProcess node = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("node-resilience"),
                Integer.getInteger("itest.port.offset", 1000) + 600)) {
            node.start();
            node.awaitReady(Duration.ofSeconds(90));
            awaitState(node, "ipfs", "running", Duration.ofSeconds(30));
            int port = 4001 + node.offset();
            assertTrue(accepts(port));

            String output = node.console("p2p:break", "p2p:break ipfs");
            assertTrue(output.contains("closes the IPFS listener"), output);
            JsonObject failed = awaitState(node, "ipfs", "failed", Duration.ofSeconds(10));
            assertTrue(failed.get("message").getAsString().contains("IPFS is reconnecting"), failed.toString());
            assertTrue(!accepts(port), "the listener is really gone");

            JsonObject recovered = awaitState(node, "ipfs", "running", Duration.ofSeconds(30));
            assertTrue(recovered.get("lastRecovery").getAsString().contains("The IPFS listener stopped"), recovered.toString());
            assertTrue(accepts(port), "listening again on the same port");
        }
    }

    @Test
    void i2pRouterStoppedInsideTheNodeRestartsByItself() throws Exception {
        Path work = NodeProcess.pathProperty("itest.work");
        try (NodeProcess node = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("node-resilience-i2p"),
                Integer.getInteger("itest.port.offset", 1000) + 650)) {
            node.start();
            node.awaitReady(Duration.ofSeconds(90));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!"starting".equals(stack(node, "i2p").get("state").getAsString()) && System.nanoTime() < deadline) {
                Thread.sleep(200); // the router is up once it builds tunnels (offline it stays there)
            }
            String output = node.console("p2p:break i2p");
            assertTrue(output.contains("stops the embedded I2P router"), output);
            JsonObject failed = awaitState(node, "i2p", "failed", Duration.ofSeconds(15));
            assertTrue(failed.get("message").getAsString().contains("I2P is reconnecting"), failed.toString());

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
    }
}
