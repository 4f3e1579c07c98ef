package org.p2pstack.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2pstack.itests.harness.NodeProcess;
import org.p2pstack.itests.harness.NodeScripts;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The torrent stack in the running distribution against real BitTorrent software from npm: the same info
 * hash as create-torrent, a web seed that honours HTTP ranges, and the Node webtorrent client downloading
 * a file purely from the node's web seed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TorrentIT {

    private static final Pattern HASH_LINE = Pattern.compile("(?m)^([0-9a-f]{40})  (\\S+)$");

    private final HttpClient http = NodeProcess.httpClient();
    private final Map<String, String> hashes = new LinkedHashMap<>();
    private final Map<String, Path> files = new LinkedHashMap<>();
    private NodeProcess node;
    private Path work;

    @BeforeAll
    void startNodeAndSeed() throws Exception {
        work = Files.createDirectories(NodeProcess.pathProperty("itest.work").resolve("torrent-files"));
        node = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"),
                NodeProcess.pathProperty("itest.work").resolve("node-torrent"), Integer.getInteger("itest.port.offset", 1000) + 400);
        node.start();
        node.awaitReady(Duration.ofSeconds(90));
        Random random = new Random(42);
        // around the piece boundaries: 1 byte, exactly one piece, one piece + 1, and a large file
        for (long size : new long[] { 1, 16384, 16385, 300L * 1024 * 1024 }) {
            Path file = work.resolve("clip-" + size + ".webm");
            writeRandom(file, size, random);
            files.put(file.getFileName().toString(), file);
        }
        List<String> commands = new ArrayList<>();
        files.values().forEach(f -> commands.add("torrent:add " + f));
        String output = node.console(commands.toArray(String[]::new));
        Matcher m = HASH_LINE.matcher(output);
        while (m.find()) {
            hashes.put(m.group(2), m.group(1));
        }
        assertEquals(files.keySet(), hashes.keySet(), output);
    }

    @AfterAll
    void stopNode() throws Exception {
        if (node != null) {
            node.stop();
        }
    }

    private static void writeRandom(Path file, long size, Random random) throws Exception {
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
    }

    private static String runNode(String... args) throws Exception {
        return NodeScripts.run(List.of(), Duration.ofSeconds(120), args);
    }

    @Test
    void infoHashesEqualCreateTorrents() throws Exception {
        for (Map.Entry<String, Path> file : files.entrySet()) {
            JsonObject theirs = JsonParser.parseString(runNode("torrent-infohash.mjs", file.getValue().toString(), file.getKey())
                    .strip()).getAsJsonObject();
            assertEquals(theirs.get("infoHash").getAsString(), hashes.get(file.getKey()), file.getKey());
        }
    }

    @Test
    void anEmptyFileIsRefusedWithAClearMessage() throws Exception {
        Path empty = Files.write(work.resolve("empty.webm"), new byte[0]);
        NodeProcess.Result result = node.consoleResult("torrent:add " + empty);
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("An empty file cannot be shared as a torrent"), result.output());
    }

    private HttpResponse<byte[]> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI webSeed(String name) {
        return node.privateUri("/webseed/" + hashes.get(name) + "/" + name);
    }

    @Test
    void webSeedHonoursRanges() throws Exception {
        String name = "clip-16385.webm";
        byte[] content = Files.readAllBytes(files.get(name));
        HttpResponse<byte[]> whole = get(webSeed(name));
        assertEquals(200, whole.statusCode());
        assertArrayEquals(content, whole.body());
        assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElseThrow());
        assertEquals("16385", whole.headers().firstValue("Content-Length").orElseThrow());
        assertTrue(whole.headers().firstValue("Cache-Control").orElseThrow().contains("max-age"));

        HttpResponse<byte[]> first = get(webSeed(name), "Range", "bytes=0-0");
        assertEquals(206, first.statusCode());
        assertArrayEquals(Arrays.copyOfRange(content, 0, 1), first.body());
        assertEquals("bytes 0-0/16385", first.headers().firstValue("Content-Range").orElseThrow());

        HttpResponse<byte[]> last = get(webSeed(name), "Range", "bytes=16384-");
        assertArrayEquals(Arrays.copyOfRange(content, 16384, 16385), last.body());
        HttpResponse<byte[]> middle = get(webSeed(name), "Range", "bytes=1000-8999");
        assertArrayEquals(Arrays.copyOfRange(content, 1000, 9000), middle.body());
        HttpResponse<byte[]> suffix = get(webSeed(name), "Range", "bytes=-100");
        assertArrayEquals(Arrays.copyOfRange(content, 16285, 16385), suffix.body());

        HttpResponse<byte[]> invalid = get(webSeed(name), "Range", "bytes=20000-30000");
        assertEquals(416, invalid.statusCode());
        assertEquals("bytes */16385", invalid.headers().firstValue("Content-Range").orElseThrow());

        assertEquals(404, get(node.privateUri("/webseed/" + hashes.get(name) + "/other-name.webm")).statusCode());
        assertEquals(404, get(node.privateUri("/webseed/" + "0".repeat(40) + "/" + name)).statusCode());
        // visitors reach the same web seed on the public site
        assertArrayEquals(content, get(node.publicUri("/webseed/" + hashes.get(name) + "/" + name)).body());
    }

    /**
     * Issue 15.1: videos the user drops into the shared folder keep their bytes after they become cards and
     * torrents; the web seed serves the streamable copy (MP4 index first, WebM with cues) the content library keeps
     * in the data folder.
     */
    @Test
    void handDroppedVideosStayByteIdenticalAndTheWebSeedStreamsACopy() throws Exception {
        Path shared = node.sharedFolder();
        byte[] mp4 = lateIndexMp4();
        byte[] webm = Files.readAllBytes(Path.of("..", "bundles", "core", "src", "test", "resources", "media",
                "mediarecorder-3s.webm"));
        Files.write(shared.resolve("camera.mp4"), mp4);
        Files.write(shared.resolve("recorded.webm"), webm);
        Map<String, JsonObject> torrents = new LinkedHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (torrents.size() < 2 && System.nanoTime() < deadline) {
            torrents.clear();
            JsonObject list = JsonParser.parseString(new String(get(node.privateUri("/api/content")).body(),
                    StandardCharsets.UTF_8)).getAsJsonObject();
            for (var element : list.getAsJsonArray("items")) {
                JsonObject item = element.getAsJsonObject();
                if (item.has("torrent") && item.get("torrent").isJsonObject()
                        && "ready".equals(item.getAsJsonObject("torrent").get("state").getAsString())) {
                    torrents.put(item.get("fileName").getAsString(), item);
                }
            }
            Thread.sleep(250);
        }
        assertEquals(List.of("camera.mp4", "recorded.webm"), torrents.keySet().stream().sorted().toList(), "both became torrents");
        assertArrayEquals(mp4, Files.readAllBytes(shared.resolve("camera.mp4")), "the dropped MP4 is byte-identical");
        assertArrayEquals(webm, Files.readAllBytes(shared.resolve("recorded.webm")), "the dropped WebM is byte-identical");
        assertEquals(sha256(mp4), torrents.get("camera.mp4").get("sha256").getAsString());
        assertEquals(sha256(webm), torrents.get("recorded.webm").get("sha256").getAsString());

        byte[] servedMp4 = get(node.privateUri(torrents.get("camera.mp4").getAsJsonObject("torrent").get("webSeedUrl").getAsString())).body();
        String head = new String(servedMp4, 0, 64, StandardCharsets.ISO_8859_1);
        assertTrue(head.indexOf("moov") > 0 && head.indexOf("moov") < new String(servedMp4, StandardCharsets.ISO_8859_1).indexOf("mdat"),
                "the web seed serves the index before the media");
        byte[] servedWebm = get(node.privateUri(torrents.get("recorded.webm").getAsJsonObject("torrent").get("webSeedUrl").getAsString())).body();
        assertTrue(indexOf(servedWebm, new byte[] { 0x1C, 0x53, (byte) 0xBB, 0x6B }) > 0, "the served WebM has cues");
        assertTrue(indexOf(webm, new byte[] { 0x1C, 0x53, (byte) 0xBB, 0x6B }) < 0, "the recording had none");
        try (var files = Files.list(shared)) {
            assertTrue(files.map(f -> f.getFileName().toString()).noneMatch(n -> n.contains("streamable")),
                    "no copies in the shared folder");
        }
        try (var copies = Files.list(node.home().resolve("data").resolve("p2pstack").resolve("content").resolve("streamable"))) {
            assertEquals(2, copies.count(), "the content library keeps one streamable copy of each");
        }
    }

    /** An MP4 as cameras write it: ftyp, the media data, then the index (moov). */
    private static byte[] lateIndexMp4() {
        byte[] ftyp = box("ftyp", "isom\0\0\0\0isomavc1".getBytes(StandardCharsets.ISO_8859_1));
        byte[] mdat = box("mdat", new byte[200_000]);
        int dataStart = ftyp.length + 8;
        byte[] stco = java.nio.ByteBuffer.allocate(12).putInt(0).putInt(1).putInt(dataStart).array();
        byte[] moov = box("moov", box("mvhd", new byte[20]), box("trak", box("mdia", box("minf", box("stbl", box("stco", stco))))));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(ftyp);
        out.writeBytes(mdat);
        out.writeBytes(moov);
        return out.toByteArray();
    }

    private static byte[] box(String type, byte[]... children) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        Arrays.stream(children).forEach(body::writeBytes);
        return java.nio.ByteBuffer.allocate(8 + body.size()).putInt(8 + body.size())
                .put(type.getBytes(StandardCharsets.ISO_8859_1)).put(body.toByteArray()).array();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String sha256(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void concurrentRangeRequestsOfALargeFile() throws Exception {
        String name = "clip-314572800.webm";
        Path file = files.get(name);
        long size = Files.size(file);
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < 16; i++) {
            long start = (long) (random.nextDouble() * (size - 2_000_000));
            long end = start + 1_000_000 + random.nextInt(1_000_000);
            HttpRequest request = HttpRequest.newBuilder(webSeed(name)).header("Range", "bytes=" + start + "-" + end).build();
            requests.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenAccept(response -> {
                assertEquals(206, response.statusCode());
                try (var channel = java.nio.channels.FileChannel.open(file)) {
                    java.nio.ByteBuffer expected = java.nio.ByteBuffer.allocate((int) (end - start + 1));
                    channel.read(expected, start);
                    assertArrayEquals(expected.array(), response.body());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }

    @Test
    void nodeWebtorrentDownloadsFromTheWebSeedAlone() throws Exception {
        String name = "clip-16385.webm";
        Path out = Files.createDirectories(work.resolve("downloaded"));
        // a program that is not the owner's signed-in browser: it reads the public site, as a visitor's client would
        String torrentUrl = node.publicUri("/torrents/" + hashes.get(name) + ".torrent").toString();
        assertEquals(401, java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                node.privateUri("/torrents/" + hashes.get(name) + ".torrent")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode(), "without the owner's session the private site's .torrent is not given out");
        JsonObject result = JsonParser.parseString(runNode("torrent-download.mjs", torrentUrl, out.toString()).strip())
                .getAsJsonObject();
        assertEquals(hashes.get(name), result.get("infoHash").getAsString());
        assertArrayEquals(Files.readAllBytes(files.get(name)), Files.readAllBytes(out.resolve(name)));
    }

    /** A WebSocket client that queues what it receives. */
    private static final class Inbox implements java.net.http.WebSocket.Listener {
        final java.util.concurrent.BlockingQueue<String> messages = new java.util.concurrent.LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        JsonObject next() throws InterruptedException {
            String message = messages.poll(10, TimeUnit.SECONDS);
            assertTrue(message != null, "no message from the tracker");
            return JsonParser.parseString(message).getAsJsonObject();
        }
    }

    private java.net.http.WebSocket connect(URI uri, Inbox inbox, String... headers) throws Exception {
        java.net.http.WebSocket.Builder builder = http.newWebSocketBuilder();
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.buildAsync(uri, inbox).get(10, TimeUnit.SECONDS);
    }

    private static String binary(String hex) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            out.append((char) Integer.parseInt(hex.substring(i, i + 2), 16));
        }
        return out.toString();
    }

    @Test
    void trackerRelaysWebRtcOffersAndAnswersOnThePrivateSiteOnly() throws Exception {
        URI tracker = URI.create("ws://127.0.0.1:" + node.privatePort() + "/tracker");
        String infoHash = new com.google.gson.Gson().toJson(binary(hashes.get("clip-16385.webm")));
        String origin = "http://127.0.0.1:" + node.privatePort();
        Inbox alice = new Inbox();
        Inbox bob = new Inbox();
        java.net.http.WebSocket aliceSocket = connect(tracker, alice, "Origin", origin);
        java.net.http.WebSocket bobSocket = connect(tracker, bob, "Origin", origin);
        try {
            bobSocket.sendText("{\"action\":\"announce\",\"info_hash\":" + infoHash + ",\"peer_id\":\"-WW0300-bobbobbobbob\","
                    + "\"left\":16385,\"event\":\"started\",\"offers\":[]}", true).get(5, TimeUnit.SECONDS);
            assertEquals("announce", bob.next().get("action").getAsString());
            aliceSocket.sendText("{\"action\":\"announce\",\"info_hash\":" + infoHash + ",\"peer_id\":\"-WW0300-alicealiceal\","
                    + "\"left\":16385,\"event\":\"started\",\"offers\":[{\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\"},"
                    + "\"offer_id\":\"0123456789abcdefghij\"}]}", true).get(5, TimeUnit.SECONDS);
            assertEquals(2, alice.next().get("incomplete").getAsInt());
            JsonObject offer = bob.next();
            assertEquals("-WW0300-alicealiceal", offer.get("peer_id").getAsString());
            bobSocket.sendText("{\"action\":\"announce\",\"info_hash\":" + infoHash + ",\"peer_id\":\"-WW0300-bobbobbobbob\","
                    + "\"to_peer_id\":\"-WW0300-alicealiceal\",\"offer_id\":\"0123456789abcdefghij\","
                    + "\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\"}}", true).get(5, TimeUnit.SECONDS);
            JsonObject answer = alice.next();
            assertEquals("answer", answer.getAsJsonObject("answer").get("type").getAsString());
            assertEquals("-WW0300-bobbobbobbob", answer.get("peer_id").getAsString());
        } finally {
            aliceSocket.abort();
            bobSocket.abort();
        }
        // not on the public site (visitors through I2P must never see WebRTC offers), not from other sites
        for (String[] refused : new String[][] { { "ws://127.0.0.1:" + node.publicPort() + "/tracker", origin },
                { tracker.toString(), "http://evil.example" } }) {
            java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class,
                    () -> connect(URI.create(refused[0]), new Inbox(), "Origin", refused[1]));
            assertTrue(e.getCause() instanceof java.net.http.WebSocketHandshakeException, e.toString());
        }
    }
}
