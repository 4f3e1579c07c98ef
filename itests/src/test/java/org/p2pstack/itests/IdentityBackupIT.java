package org.p2pstack.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2pstack.itests.harness.NodeApi;
import org.p2pstack.itests.harness.NodeProcess;

import com.google.gson.JsonObject;

/**
 * Issue 21: Alice's identity backed up on her node A and restored into a fresh node C, as on a new computer. Bob's node
 * B runs the I2P router (A and C in external mode), so that A can be switched off while B stays on the network.
 * Afterwards C answers as Alice: the same b32, swarm key and IPFS peer id, her nickname and the people she follows;
 * Bob, who follows Alice, sees C's next post as Alice's. A wrong passphrase, a truncated file and a restore over C's own
 * identity without saying so change nothing; with it, C's own identity is kept aside.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityBackupIT {

    private static final Duration BOOT = Duration.ofMinutes(3);
    private static final String PASSPHRASE = "a long passphrase for tests";
    private final NodeApi api = new NodeApi();
    private NodeProcess a;
    private NodeProcess b;
    private NodeProcess c;

    @BeforeAll
    void start() throws Exception {
        Path work = NodeProcess.pathProperty("itest.work");
        int offset = Integer.getInteger("itest.port.offset", 1000) + 5000;
        a = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("identity-a"), offset);
        b = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("identity-b"), offset + 100);
        c = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("identity-c"), offset + 200);
        for (NodeProcess node : new NodeProcess[] { a, b, c }) {
            node.configure("org.p2pstack.i2p", "tunnel.inbound.length", "0");
            node.configure("org.p2pstack.i2p", "tunnel.outbound.length", "0");
            node.configure("org.p2pstack.i2p", "tunnel.quantity", "1");
        }
        b.configure("org.p2pstack.i2p", "i2cp.expose", "true");
        for (NodeProcess node : new NodeProcess[] { a, c }) {
            node.configure("org.p2pstack.i2p", "mode", "external");
            node.configure("org.p2pstack.i2p", "i2cp.port", Integer.toString(7654 + offset + 100));
        }
        b.start();
        b.awaitReady(BOOT);
        a.start();
        a.awaitReady(BOOT);
    }

    @AfterAll
    void stop() throws Exception {
        for (NodeProcess n : new NodeProcess[] { c, a, b }) {
            if (n != null) {
                n.stop();
            }
        }
    }

    @Test
    void aRestoredNodeIsAliceToHerFriends() throws Exception {
        String aliceB32 = api.awaitI2p(a, BOOT);
        String bobB32 = api.awaitI2p(b, BOOT);
        assertEquals(200, api.send(a, "PUT", "/api/profile", "{\"nickname\":\"Alice\",\"bio\":\"backed up\"}").statusCode());
        assertEquals(200, api.send(b, "PUT", "/api/profile", "{\"nickname\":\"Bob\",\"bio\":\"\"}").statusCode());
        for (NodeProcess node : new NodeProcess[] { a, b }) {
            node.awaitStatus(node.publicUri("/profile.json"), s -> s == 200, Duration.ofSeconds(60));
        }
        follow(b, aliceB32);
        follow(a, bobB32);
        JsonObject alice = api.await(a, "/api/status", s -> s.getAsJsonObject("identity").has("swarmKey")
                && s.getAsJsonObject("identity").has("ipfsPeerId"), BOOT).getAsJsonObject("identity");

        // a short passphrase is refused; a good one gives the file
        assertEquals(400, api.send(a, "POST", "/api/identity/backup", "{\"passphrase\":\"short\"}").statusCode());
        HttpResponse<byte[]> backup = NodeProcess.httpClient().send(HttpRequest.newBuilder(a.privateUri("/api/identity/backup"))
                .header("X-P2PStack-Token", a.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"passphrase\":\"" + PASSPHRASE + "\"}")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, backup.statusCode(), new String(backup.body(), StandardCharsets.UTF_8));
        assertTrue(backup.headers().firstValue("Content-Disposition").orElse("").contains(".p2pbackup"));
        byte[] file = backup.body();
        // without the session's token nobody gets it
        HttpResponse<String> noToken = NodeProcess.httpClient().send(HttpRequest.newBuilder(a.privateUri("/api/identity/backup"))
                .header("Content-Type", "application/json").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"passphrase\":\"" + PASSPHRASE + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(noToken.statusCode() == 401 || noToken.statusCode() == 403, noToken.statusCode() + " " + noToken.body());

        a.stop(); // Alice's old computer is off
        c.start();
        c.awaitReady(BOOT);
        String carolsOwn = api.awaitI2p(c, BOOT);
        assertNotEquals(aliceB32, carolsOwn);
        // C is in use already (a nickname chosen): replacing its identity asks first
        assertEquals(200, api.send(c, "PUT", "/api/profile", "{\"nickname\":\"Carol\",\"bio\":\"\"}").statusCode());

        // refused, and nothing changes: a wrong passphrase, a truncated file, a restore over C's own identity unasked
        assertEquals(403, restore(c, file, "not the passphrase!", false).statusCode());
        assertEquals(403, restore(c, Arrays.copyOf(file, file.length - 100), PASSPHRASE, true).statusCode());
        assertEquals(400, restore(c, "holiday.jpg".getBytes(), PASSPHRASE, true).statusCode());
        HttpResponse<String> asks = restore(c, file, PASSPHRASE, false);
        assertEquals(409, asks.statusCode(), asks.body());
        assertTrue(asks.body().contains(aliceB32), asks.body());
        assertEquals(carolsOwn, api.awaitI2p(c, BOOT));

        HttpResponse<String> restored = restore(c, file, PASSPHRASE, true);
        assertEquals(200, restored.statusCode(), restored.body());
        JsonObject answer = NodeApi.json(restored);
        assertEquals(aliceB32, answer.get("b32").getAsString());
        assertEquals("Alice", answer.get("nickname").getAsString());
        assertTrue(Files.isRegularFile(Path.of(answer.get("keptAside").getAsString()).resolve("i2p/destination.keys")),
                "C's own identity is kept aside: " + answer);

        // C is Alice now: address, swarm key, IPFS peer id, profile, the people she follows
        JsonObject now = api.await(c, "/api/status", s -> aliceB32.equals(s.getAsJsonObject("identity").has("b32")
                ? s.getAsJsonObject("identity").get("b32").getAsString() : null)
                && s.getAsJsonObject("identity").has("swarmKey") && s.getAsJsonObject("identity").has("ipfsPeerId")
                && "running".equals(s.getAsJsonObject("stacks").getAsJsonObject("i2p").get("state").getAsString()), BOOT)
                .getAsJsonObject("identity");
        assertEquals(alice.get("swarmKey").getAsString(), now.get("swarmKey").getAsString());
        assertEquals(alice.get("ipfsPeerId").getAsString(), now.get("ipfsPeerId").getAsString());
        api.await(c, "/api/profile", p -> p.has("profile") && p.get("profile").isJsonObject()
                && "Alice".equals(p.getAsJsonObject("profile").get("nickname").getAsString()), Duration.ofSeconds(60));
        api.await(c, "/api/friends", f -> f.toString().contains(bobB32), Duration.ofSeconds(60));
        // the signed record goes on above anything the old computer signed: its sequence jumped to the restore time
        long restoredAt = System.currentTimeMillis() / 1000 - 600;
        long deadlineSeq = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long seq = 0;
        while (seq < restoredAt && System.nanoTime() < deadlineSeq) {
            HttpResponse<String> record = api.get(c.publicUri("/profile.json"));
            if (record.statusCode() == 200 && record.body().contains("\"seq\"")) {
                JsonObject r = NodeApi.json(record);
                JsonObject signed = r.has("record") ? r.getAsJsonObject("record") : r;
                seq = signed.has("seq") ? signed.get("seq").getAsLong() : 0;
            }
            Thread.sleep(500);
        }
        assertTrue(seq >= restoredAt, "the restored record's sequence " + seq + " is above the old computer's");

        consoleBacksUpAndRestoreAsksFirst(c, aliceB32);

        // Bob, who follows Alice, sees C's next post as Alice's
        String description = "From my new computer " + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, api.uploadVideo(c, "new.webm", description, 21).statusCode());
        c.awaitStatus(c.publicUri("/feed.json"), s -> s == 200, Duration.ofSeconds(60));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        boolean seen = false;
        while (!seen && System.nanoTime() < deadline) {
            api.send(b, "POST", "/api/friends/refresh", "");
            seen = api.json(b, "/api/friends").getAsJsonArray("items").asList().stream()
                    .anyMatch(i -> i.getAsJsonObject().get("b32").getAsString().equals(aliceB32)
                            && i.getAsJsonObject().get("description").getAsString().equals(description));
            if (!seen) {
                Thread.sleep(2000);
            }
        }
        assertTrue(seen, "Bob sees the restored node's post as Alice's: " + api.json(b, "/api/friends") + b.logTail());
    }

    /**
     * p2p:backup and p2p:restore in the interactive console, which asks for the passphrase without showing it: typed
     * into a terminal ({@code script} gives bin/client one), as a person would. In batch mode they say why they cannot.
     */
    private void consoleBacksUpAndRestoreAsksFirst(NodeProcess node, String b32) throws Exception {
        Path file = node.home().resolve("console-backup.p2pbackup");
        String typed = typeIntoConsole(node, "p2p:backup " + file, PASSPHRASE, PASSPHRASE);
        assertTrue(typed.contains("Your identity is in " + file), typed);
        assertTrue(Files.size(file) > 100);
        String restore = typeIntoConsole(node, "p2p:restore " + file, "not the passphrase!");
        assertTrue(restore.contains("This passphrase does not open the backup"), restore);
        restore = typeIntoConsole(node, "p2p:restore " + file, PASSPHRASE);
        assertTrue(restore.contains("already has an identity") && restore.contains(b32) && restore.contains("--replace"), restore);
        assertTrue(node.console("p2p:backup " + node.home().resolve("batch.p2pbackup")).contains("cannot ask for a passphrase"));
    }

    /** Runs one console command in a terminal, typing each answer after a pause; returns what the terminal showed. */
    private static String typeIntoConsole(NodeProcess node, String command, String... answers) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("script", "-qfc", "bin/client -r 10 -d 1", "/dev/null")
                .directory(node.home().toFile()).redirectErrorStream(true);
        builder.environment().put("P2PSTACK_PORT_OFFSET", Integer.toString(node.offset()));
        builder.environment().put("P2PSTACK_LOCAL_NETWORK", "true");
        Process console = builder.start();
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                console.getInputStream().transferTo(shown);
            } catch (java.io.IOException ignored) {
                // the console ended
            }
        });
        reader.start();
        try (var in = console.getOutputStream()) {
            Thread.sleep(8000); // the console's first prompt
            for (String line : concat(command, answers)) {
                in.write((line + "\r").getBytes(StandardCharsets.UTF_8));
                in.flush();
                Thread.sleep(3000);
            }
            Thread.sleep(4000); // Argon2id, then the answer
            in.write("logout\r".getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        if (!console.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            console.destroyForcibly();
        }
        reader.join(5000);
        return shown.toString(StandardCharsets.UTF_8);
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private void follow(NodeProcess who, String address) throws Exception {
        HttpResponse<String> follow = api.send(who, "POST", "/api/friends", "{\"address\":\"" + address + "\"}");
        assertTrue(follow.statusCode() == 200 || follow.statusCode() == 202, follow.body());
        api.await(who, "/api/friends", f -> f.toString().contains(address) && f.getAsJsonArray("following").size() == 1, Duration.ofSeconds(90));
    }

    /** POST /api/identity/restore as the page's form sends it (multipart). */
    private HttpResponse<String> restore(NodeProcess node, byte[] file, String passphrase, boolean replace) throws Exception {
        String boundary = "----p2pstack" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"alice.p2pbackup\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(file);
        body.write(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"passphrase\"\r\n\r\n" + passphrase
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"replace\"\r\n\r\n" + replace
                + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return NodeProcess.httpClient().send(HttpRequest.newBuilder(node.privateUri("/api/identity/restore"))
                .timeout(Duration.ofSeconds(180)).header("X-P2PStack-Token", node.token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
