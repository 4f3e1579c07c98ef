package org.p2pstack.bench.content;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.p2pstack.itests.harness.NodeProcess;

/**
 * Publishing and the shared folder, measured on a running node:
 * <ul>
 * <li>upload throughput of a 1 GiB file through the page's API path ({@code POST /api/content}, streamed, hashed,
 * fsynced, renamed into the shared folder) against a plain file copy on the same disk ({@code Files.copy} then
 * fsync) — goal: at least 70% of the copy;</li>
 * <li>time from a file dropped into the shared folder by hand (moved in, as a file manager does) to the card
 * event on the pages' event stream ({@code /api/events}).</li>
 * </ul>
 * Every figure is the median of N runs; the source file is read once beforehand so both paths read it from
 * the page cache.
 */
public final class ContentBenchmark {

    private static final long SIZE = Long.getLong("bench.upload.bytes", 1L << 30);
    private static final int DROPS = Integer.getInteger("bench.drops", 10);
    private static final byte[] WEBM_HEAD = { 0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F, 0x42, (byte) 0x86,
            (byte) 0x81, 0x01, 0x42, (byte) 0x82, (byte) 0x84, 'w', 'e', 'b', 'm' };
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f]{16})\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    private final Path work = NodeProcess.pathProperty("bench.work");
    private final Path p2pstack = NodeProcess.pathProperty("bench.p2pstack");
    private final int runs = Integer.getInteger("bench.runs", 3);
    private final int offset = Integer.getInteger("bench.port.offset", 2400);
    private final HttpClient http = NodeProcess.httpClient();

    public static void main(String[] args) throws Exception {
        new ContentBenchmark().run();
    }

    private void run() throws Exception {
        Path source = work.resolve("source-1GiB.webm");
        writeSource(source);
        try (NodeProcess node = NodeProcess.copyOf(p2pstack, work.resolve("node"), offset)) {
            node.configureCore("maxUploadMegabytes", Long.toString(SIZE / (1024 * 1024) + 16));
            node.start();
            node.awaitReady(Duration.ofSeconds(120));
            node.awaitStatus(node.privateUri("/api/content"), s -> s == 200, Duration.ofSeconds(120));
            node.awaitStatus(node.privateUri("/api/session"), s -> s == 200, Duration.ofSeconds(120));
            String token = match(TOKEN, get(node.privateUri("/api/session")));

            List<Double> copy = new ArrayList<>();
            List<Double> streamedCopy = new ArrayList<>();
            List<Double> upload = new ArrayList<>();
            readAll(source); // into the page cache for both
            for (int i = 0; i < runs; i++) {
                Path target = node.sharedFolder().resolveSibling("plain-copy.bin");
                long start = System.nanoTime();
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                copy.add(mbps(System.nanoTime() - start));
                Files.delete(target);

                start = System.nanoTime(); // the same bytes through user space, as any program that is not cp moves them
                try (InputStream in = Files.newInputStream(source); FileChannel out = FileChannel.open(target,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    byte[] buffer = new byte[1 << 20];
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
                        while (bb.hasRemaining()) {
                            out.write(bb);
                        }
                    }
                    out.force(true);
                }
                streamedCopy.add(mbps(System.nanoTime() - start));
                Files.delete(target);

                start = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(node.privateUri("/api/content?name=bench-" + i + ".webm"))
                        .header("X-P2PStack-Token", token).header("Content-Type", "video/webm")
                        .POST(HttpRequest.BodyPublishers.ofFile(source)).timeout(Duration.ofMinutes(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long elapsed = System.nanoTime() - start;
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("upload failed: " + response.statusCode() + " " + response.body());
                }
                upload.add(mbps(elapsed));
                http.send(HttpRequest.newBuilder(node.privateUri("/api/content/" + match(ID, response.body()))).DELETE()
                        .header("X-P2PStack-Token", token).build(), HttpResponse.BodyHandlers.discarding());
            }
            double copyMedian = median(copy);
            double uploadMedian = median(upload);
            System.out.printf(Locale.ROOT, "%nPublishing a %d MiB file (median of %d)%n", SIZE >> 20, runs);
            System.out.printf(Locale.ROOT, "  plain file copy + fsync        %8.0f MB/s   %s   (Files.copy: in-kernel copy_file_range)%n", copyMedian, copy);
            System.out.printf(Locale.ROOT, "  user-space copy + fsync        %8.0f MB/s   %s   (read/write loop, 1 MiB buffer)%n", median(streamedCopy), streamedCopy);
            System.out.printf(Locale.ROOT, "  POST /api/content (streamed)   %8.0f MB/s   %s%n", uploadMedian, upload);
            System.out.printf(Locale.ROOT, "  upload / plain copy            %8.0f %%      (goal: at least 70%%)%n",
                    100 * uploadMedian / copyMedian);
            System.out.printf(Locale.ROOT, "  upload / user-space copy       %8.0f %%%n", 100 * uploadMedian / median(streamedCopy));
            System.out.printf(Locale.ROOT, "  load average while measuring   %s   (%d cores)%n",
                    Files.readString(Path.of("/proc/loadavg")).strip(), Runtime.getRuntime().availableProcessors());

            List<Double> latency = dropLatency(node);
            System.out.printf(Locale.ROOT, "%nHand-dropped file -> card event on /api/events (median of %d)%n", DROPS);
            System.out.printf(Locale.ROOT, "  1 MiB video moved into the shared folder   %6.0f ms   %s%n", median(latency), latency);
            System.out.printf(Locale.ROOT, "  (includes the watcher's %d ms quiet time that lets a copy finish)%n%n", 250);
            node.stop();
        } finally {
            Files.deleteIfExists(source);
        }
    }

    private List<Double> dropLatency(NodeProcess node) throws Exception {
        BlockingQueue<String> events = new ArrayBlockingQueue<>(1000);
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(node.privateUri("/api/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data: ")) {
                        events.offer(line);
                    }
                }
            } catch (Exception closed) {
                // end of the benchmark
            }
        });
        reader.setDaemon(true);
        reader.start();
        byte[] video = new byte[1 << 20];
        new Random(1).nextBytes(video);
        System.arraycopy(WEBM_HEAD, 0, video, 0, WEBM_HEAD.length);
        List<Double> latency = new ArrayList<>();
        Path outside = work.resolve("drop-staging");
        Files.createDirectories(outside);
        for (int i = 0; i < DROPS; i++) {
            video[100] = (byte) i;
            String name = "dropped-" + i + ".webm";
            Path staged = outside.resolve(name);
            Files.write(staged, video);
            events.clear();
            long start = System.nanoTime();
            Files.move(staged, node.sharedFolder().resolve(name), StandardCopyOption.ATOMIC_MOVE);
            while (true) {
                String event = events.poll(10, TimeUnit.SECONDS);
                if (event == null) {
                    throw new IllegalStateException("no card event for " + name);
                }
                if (event.contains("\"added\"") && event.contains("\"fileName\":\"" + name + "\"")) {
                    break;
                }
            }
            latency.add(Math.round((System.nanoTime() - start) / 1e5) / 10.0);
        }
        stream.body().close();
        return latency;
    }

    private static void writeSource(Path source) throws Exception {
        Files.createDirectories(source.getParent());
        byte[] block = new byte[8 << 20];
        new Random(42).nextBytes(block);
        System.arraycopy(WEBM_HEAD, 0, block, 0, WEBM_HEAD.length);
        try (OutputStream out = Files.newOutputStream(source)) {
            for (long written = 0; written < SIZE; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, SIZE - written));
                block[WEBM_HEAD.length + 1]++;
            }
        }
    }

    private static void readAll(Path file) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel channel = FileChannel.open(file)) {
            while (channel.read(buffer) > 0) {
                buffer.clear();
            }
        }
    }

    private String get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("unexpected answer: " + text);
        }
        return m.group(1);
    }

    private static double mbps(long nanos) {
        return Math.round(SIZE / 1e6 / (nanos / 1e9));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
