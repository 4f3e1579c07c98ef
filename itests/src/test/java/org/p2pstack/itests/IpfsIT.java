package org.p2pstack.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.p2pstack.itests.harness.NodeProcess;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The IPFS stack inside the running distribution: status, console, and the gateway on the private site. */
class IpfsIT {

    @Test
    void addThroughTheConsoleOpenFromThePrivateSiteAndReadRangesOnTheContentOrigin() throws Exception {
        Path work = NodeProcess.pathProperty("itest.work");
        try (NodeProcess node = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("node-ipfs"),
                Integer.getInteger("itest.port.offset", 1000) + 500)) {
            node.start();
            node.awaitReady(Duration.ofSeconds(90));
            HttpClient http = NodeProcess.httpClient();
            JsonObject status = JsonParser.parseString(http.send(HttpRequest.newBuilder(node.privateUri("/api/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).getAsJsonObject();
            JsonObject ipfs = status.getAsJsonObject("stacks").getAsJsonObject("ipfs");
            assertEquals("running", ipfs.get("state").getAsString());
            assertTrue(ipfs.get("listenAddresses").getAsString().startsWith("/ip4/127.0.0.1/tcp/" + (4001 + node.offset())),
                    "listens on loopback at the shifted port: " + ipfs);
            assertEquals(ipfs.get("peerId").getAsString(), status.getAsJsonObject("identity").get("ipfsPeerId").getAsString());

            byte[] content = new byte[700_000];
            new Random(9).nextBytes(content);
            Path file = Files.write(work.resolve("ipfs-input.bin"), content);
            String output = node.console("ipfs:id", "ipfs:add " + file);
            Matcher cid = Pattern.compile("(?m)^(Qm[1-9A-HJ-NP-Za-km-z]{44})  ipfs-input.bin$").matcher(output);
            assertTrue(cid.find(), output);

            // the owner opens it from the private site: sent on to the CID's own sandboxed origin, never served here
            HttpResponse<Void> open = http.send(HttpRequest.newBuilder(node.privateUri("/ipfs/" + cid.group(1))).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(303, open.statusCode());
            String location = open.headers().firstValue("Location").orElseThrow();
            assertTrue(location.matches("http://bafybei[a-z2-7]+\\.ipfs\\.localhost:" + (8183 + node.offset()) + "/"), location);
            // ranges through the content origin (raw socket: java.net.http cannot name *.ipfs.localhost as Host)
            String host = URI.create(location).getHost() + ":" + (8183 + node.offset());
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", 8183 + node.offset())) {
                socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nRange: bytes=262000-262300\r\n"
                        + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                byte[] answer = socket.getInputStream().readAllBytes();
                String head = new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1);
                int bodyAt = head.indexOf("\r\n\r\n") + 4;
                assertTrue(head.startsWith("HTTP/1.1 206"), head.substring(0, Math.min(200, head.length())));
                assertTrue(head.substring(0, bodyAt).contains("Content-Security-Policy: sandbox"), head.substring(0, bodyAt));
                assertArrayEquals(Arrays.copyOfRange(content, 262000, 262301), Arrays.copyOfRange(answer, bodyAt, answer.length),
                        "a range across a chunk boundary");
            }
            assertEquals(404, http.send(HttpRequest.newBuilder(node.publicUri("/ipfs/" + cid.group(1))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), "the gateway is not on the public site");
        }
    }
}
