package org.p2pstack.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
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

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
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
        node.awaitStatus(node.privateUri("/api/status"), s -> s == 200, Duration.ofSeconds(90));
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
        List<String> command = new ArrayList<>(List.of("node", "--import", "./no-webrtc.mjs"));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).directory(NodeProcess.pathProperty("itest.js").toFile())
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
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
        String torrentUrl = node.privateUri("/torrents/" + hashes.get(name) + ".torrent").toString();
        JsonObject result = JsonParser.parseString(runNode("torrent-download.mjs", torrentUrl, out.toString()).strip())
                .getAsJsonObject();
        assertEquals(hashes.get(name), result.get("infoHash").getAsString());
        assertArrayEquals(Files.readAllBytes(files.get(name)), Files.readAllBytes(out.resolve(name)));
    }
}
