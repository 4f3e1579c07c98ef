package org.p2pstack.itests.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A friend's WebTorrent app (the npm {@code webtorrent} client, {@code itests/src/test/js/torrent-over-proxy.mjs}) set
 * to use a node's I2P browser proxy: given a magnet, it fetches the {@code .torrent} and every piece through the proxy,
 * where the node runs (inside its testbed namespace, if any).
 */
public final class WebTorrentApp {

    private WebTorrentApp() {
    }

    /**
     * Downloads {@code magnet} into {@code outDir} through {@code node}'s I2P proxy; returns what the client printed
     * ({@code infoHash, name, length, seconds, requests, statuses}) or fails with its output.
     */
    public static JsonObject downloadThroughProxy(NodeProcess node, String magnet, Path outDir, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(node.commandPrefix());
        command.addAll(List.of("node", "--import", "./no-webrtc.mjs", "torrent-over-proxy.mjs", magnet,
                "http://127.0.0.1:" + node.i2pProxyPort(), outDir.toString(), Long.toString(timeout.toSeconds())));
        Process process = new ProcessBuilder(command).directory(NodeProcess.pathProperty("itest.js").toFile())
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(timeout.toSeconds() + 30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the WebTorrent client did not stop: " + output);
        }
        String[] lines = output.strip().split("\n");
        String last = lines[lines.length - 1];
        if (process.exitValue() != 0 || !last.startsWith("{")) {
            throw new AssertionError("the WebTorrent client failed (exit " + process.exitValue() + "): " + output);
        }
        return JsonParser.parseString(last).getAsJsonObject();
    }
}
