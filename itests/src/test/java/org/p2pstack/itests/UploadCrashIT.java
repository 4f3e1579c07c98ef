package org.p2pstack.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.p2pstack.itests.harness.NodeProcess;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Power-cut safety of publishing: uploads are started, the node is killed with SIGKILL at a random moment,
 * restarted, and the shared folder and the list must agree: every item complete with its sidecar (size and
 * SHA-256 match) or absent; every upload the node had confirmed still there.
 */
class UploadCrashIT {

    private static final int ROUNDS = Integer.getInteger("itest.crash.rounds", 20);
    private static final int UPLOADS_PER_ROUND = 3;
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
    private static final byte[] WEBM_HEAD = { 0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F, 0x42, (byte) 0x86,
            (byte) 0x81, 0x01, 0x42, (byte) 0x82, (byte) 0x84, 'w', 'e', 'b', 'm' };

    private final HttpClient http = NodeProcess.httpClient();
    private final Random random = new Random(Long.getLong("itest.crash.seed", System.nanoTime()));

    @Test
    void killedDuringUploadsTheFolderIsAlwaysConsistent() throws Exception {
        Path work = NodeProcess.pathProperty("itest.work");
        int offset = Integer.getInteger("itest.port.offset", 1000) + 200;
        try (NodeProcess node = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("crash"), offset)) {
            Map<String, String> confirmed = new HashMap<>(); // sha256 -> file name
            int interrupted = 0;
            for (int round = 1; round <= ROUNDS; round++) {
                node.start();
                node.awaitReady(BOOT_TIMEOUT);
                node.awaitStatus(node.privateUri("/api/content"), s -> s == 200, BOOT_TIMEOUT);
                node.awaitStatus(node.privateUri("/api/session"), s -> s == 200, BOOT_TIMEOUT);
                checkConsistent(node, confirmed, "after restart " + round);
                String token = token(node);

                List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
                for (int i = 0; i < UPLOADS_PER_ROUND; i++) {
                    int size = 256 * 1024 + random.nextInt(6 * 1024 * 1024);
                    uploads.add(http.sendAsync(HttpRequest.newBuilder(node.privateUri("/api/content?name=round-" + round + "-" + i
                            + ".webm&description=Round+" + round)).timeout(Duration.ofSeconds(30)).header("X-P2PStack-Token", token)
                            .header("Content-Type", "video/webm")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new PacedVideo(size, random.nextLong())))
                            .build(), HttpResponse.BodyHandlers.ofString()));
                }
                TimeUnit.MILLISECONDS.sleep(random.nextInt(700));
                node.kill();
                for (CompletableFuture<HttpResponse<String>> upload : uploads) {
                    try {
                        HttpResponse<String> response = upload.get(30, TimeUnit.SECONDS);
                        if (response.statusCode() == 201) {
                            JsonObject item = JsonParser.parseString(response.body()).getAsJsonObject();
                            confirmed.put(item.get("sha256").getAsString(), item.get("fileName").getAsString());
                        } else {
                            interrupted++;
                        }
                    } catch (Exception cut) {
                        interrupted++;
                    }
                }
            }
            node.start();
            node.awaitReady(BOOT_TIMEOUT);
                node.awaitStatus(node.privateUri("/api/content"), s -> s == 200, BOOT_TIMEOUT);
            checkConsistent(node, confirmed, "at the end");
            System.out.printf("UploadCrashIT: %d kills, %d uploads confirmed and kept, %d cut off%n", ROUNDS, confirmed.size(),
                    interrupted);
            assertTrue(interrupted > 0, "some uploads were cut off by the kills (else the test proves nothing)");
            node.stop();
        }
    }

    private void checkConsistent(NodeProcess node, Map<String, String> confirmed, String when) throws Exception {
        Path shared = node.sharedFolder();
        JsonObject list = JsonParser.parseString(get(node.privateUri("/api/content"))).getAsJsonObject();
        assertEquals(shared.toAbsolutePath().normalize().toString(), list.get("folder").getAsString(),
                when + ": the node under test answers (not another program on its port)");
        Set<String> listed = new TreeSet<>();
        Map<String, String> listedSha = new HashMap<>();
        for (JsonElement e : list.getAsJsonArray("items")) {
            JsonObject item = e.getAsJsonObject();
            String name = item.get("fileName").getAsString();
            Path media = shared.resolve(name);
            Path sidecar = shared.resolve(name + ".json");
            assertTrue(Files.isRegularFile(media), when + ": listed item " + name + " has its media file");
            assertTrue(Files.isRegularFile(sidecar), when + ": listed item " + name + " has its sidecar");
            JsonObject side = JsonParser.parseString(Files.readString(sidecar)).getAsJsonObject();
            assertEquals(Files.size(media), side.get("size").getAsLong(), when + ": " + name + " is complete (size)");
            assertEquals(sha256(media), side.get("sha256").getAsString(), when + ": " + name + " is complete (SHA-256)");
            assertEquals(side.get("sha256").getAsString(), item.get("sha256").getAsString());
            listed.add(name);
            listedSha.put(item.get("sha256").getAsString(), name);
        }
        Set<String> onDisk = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(shared)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && !name.endsWith(".json")) {
                    onDisk.add(name);
                }
                if (name.endsWith(".webm.json")) {
                    assertTrue(Files.exists(shared.resolve(name.substring(0, name.length() - 5))),
                            when + ": no sidecar without its media (" + name + ")");
                }
            }
        }
        assertEquals(onDisk, listed, when + ": the list and the shared folder agree");
        if (Files.isDirectory(shared.resolve(".p2pstack-tmp"))) {
            try (DirectoryStream<Path> temp = Files.newDirectoryStream(shared.resolve(".p2pstack-tmp"))) {
                assertTrue(!temp.iterator().hasNext(), when + ": interrupted uploads were cleared");
            }
        }
        for (Map.Entry<String, String> c : confirmed.entrySet()) {
            assertEquals(c.getValue(), listedSha.get(c.getKey()), when + ": confirmed upload " + c.getValue() + " is kept");
        }
    }

    private String token(NodeProcess node) throws Exception {
        return JsonParser.parseString(get(node.privateUri("/api/session"))).getAsJsonObject().get("token").getAsString();
    }

    private String get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** A WebM-looking body of {@code size} bytes, sent at roughly 20 MB/s so that kills land mid-upload. */
    private static final class PacedVideo extends InputStream {
        private final long size;
        private final Random bytes;
        private long sent;

        PacedVideo(long size, long seed) {
            this.size = size;
            this.bytes = new Random(seed);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (sent >= size) {
                return -1;
            }
            int n = (int) Math.min(Math.min(length, 64 * 1024), size - sent);
            for (int i = 0; i < n; i++) {
                long position = sent + i;
                buffer[offset + i] = position < WEBM_HEAD.length ? WEBM_HEAD[(int) position] : (byte) bytes.nextInt();
            }
            sent += n;
            try {
                Thread.sleep(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return n;
        }
    }
}
