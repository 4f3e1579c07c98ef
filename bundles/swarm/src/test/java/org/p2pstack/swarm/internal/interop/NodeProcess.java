package org.p2pstack.swarm.internal.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** A Node.js script from js/test speaking JSON lines: events on stdout, commands on stdin. */
final class NodeProcess implements AutoCloseable {

    static final Path JS_DIR = Path.of(System.getProperty("p2pstack.swarm.js.dir", "js"));

    private final Process process;
    private final LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final List<String> log = new ArrayList<>();

    NodeProcess(String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("node", JS_DIR.resolve("test").resolve(script).toString()));
        cmd.addAll(List.of(args));
        process = new ProcessBuilder(cmd).directory(JS_DIR.toFile()).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) {
                        log.add(line);
                    }
                    if (line.startsWith("{")) {
                        events.add(JsonParser.parseString(line).getAsJsonObject());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // process ended
            }
        }, "node-" + script);
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits for the next JSON line that has {@code key} (an event name or a top-level member). */
    JsonObject await(String key, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no '" + key + "' from node within " + seconds + " s; output:\n" + output());
            }
            if (e.has(key) || (e.has("event") && e.get("event").getAsString().equals(key))) {
                return e;
            }
            if (e.has("event") && e.get("event").getAsString().equals("fatal")) {
                throw new AssertionError("node failed: " + e);
            }
        }
    }

    void send(JsonObject command) throws IOException {
        OutputStream out = process.getOutputStream();
        out.write((command.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String output() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
