package org.p2pstack.itests.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

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
        String output = NodeScripts.run(node.commandPrefix(), timeout.plusSeconds(30), "torrent-over-proxy.mjs", magnet,
                "http://127.0.0.1:" + node.i2pProxyPort(), outDir.toString(), Long.toString(timeout.toSeconds()));
        String[] lines = output.strip().split("\n");
        String last = lines[lines.length - 1];
        if (!last.startsWith("{")) {
            throw new AssertionError("the WebTorrent client printed no result: " + output);
        }
        return JsonParser.parseString(last).getAsJsonObject();
    }
}
