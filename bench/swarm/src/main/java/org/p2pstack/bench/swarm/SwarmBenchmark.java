package org.p2pstack.bench.swarm;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.graalvm.polyglot.HostAccess;
import org.p2pstack.swarm.internal.js.JsEngine;
import org.p2pstack.swarm.internal.js.SwarmRuntime;

/**
 * Runs bench.js in our runtime (GraalJS with the Graal JIT, Java shims) and in Node.js, both against one
 * local DHT testnet, several passes in each runtime, and prints the first (cold) and last (warm) pass side
 * by side. Args: bench js dir, bundles/swarm/js dir; -Dbench.passes (12), -Dbench.streamMiB (64).
 */
public final class SwarmBenchmark {

    private SwarmBenchmark() {
    }

    /** Where the JS side reports. */
    public static final class Report {
        final CompletableFuture<String> result = new CompletableFuture<>();

        @HostAccess.Export
        public void done(String json) {
            result.complete(json);
        }

        @HostAccess.Export
        public void fail(String error) {
            result.completeExceptionally(new IllegalStateException(error));
        }
    }

    public static void main(String[] args) throws Exception {
        Path benchJs = Path.of(args[0]);
        Path swarmJs = Path.of(args[1]);
        int streamMiB = Integer.getInteger("bench.streamMiB", 64);
        // the Graal compiler in a fresh JVM takes minutes to compile the hot JS (and HotSpot to compile the Graal
        // compiler itself): pass 1 is what a node does just after it started, the last pass what it does once warm
        int passes = Math.max(1, Integer.getInteger("bench.passes", 12));
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        Process testnet = new ProcessBuilder("node", swarmJs.resolve("test/testnet.js").toString(), String.valueOf(port), "3")
                .directory(swarmJs.toFile()).redirectErrorStream(true).start();
        BufferedReader tn = new BufferedReader(new InputStreamReader(testnet.getInputStream(), StandardCharsets.UTF_8));
        String bootstrap = JsonParser.parseString(tn.readLine()).getAsJsonObject().get("bootstrap").toString();
        try {
            System.out.println("swarm benchmark: two peers in one runtime, local testnet on 127.0.0.1, " + streamMiB + " MiB stream, "
                    + passes + " passes in each runtime");
            ProcessBuilder nodeRun = new ProcessBuilder("node", benchJs.resolve("node-bench.js").toString(), bootstrap,
                    String.valueOf(streamMiB), String.valueOf(passes)).redirectErrorStream(true);
            nodeRun.environment().put("NODE_PATH", swarmJs.resolve("node_modules").toString());
            Process node = nodeRun.start();
            String nodeOut = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            node.waitFor(10, TimeUnit.MINUTES);
            JsonArray nodeResults = JsonParser.parseString(lastLine(nodeOut)).getAsJsonArray();

            Path storage = Files.createTempDirectory("swarm-bench-jvm");
            List<JsonObject> ours = new ArrayList<>();
            long lastPassSeconds = 0;
            long t0 = System.nanoTime();
            try (JsEngine engine = new JsEngine(); SwarmRuntime rt = new SwarmRuntime(engine, storage, "bench-js")) {
                System.out.println("ours: GraalJS " + (engine.isInterpreted() ? "INTERPRETED (no JIT)" : "with the Graal JIT")
                        + ", runtime up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                String script = Files.readString(benchJs.resolve("bench.js"));
                rt.loop().submit(ctx -> ctx.eval("js", script)).get(60, TimeUnit.SECONDS);
                for (int pass = 0; pass < passes; pass++) {
                    Report report = new Report();
                    rt.loop().submit(ctx -> {
                        ctx.getBindings("js").putMember("report", report);
                        ctx.eval("js", "runBench(p2pstack, " + bootstrap + ", { storage: (n) => 'bench/' + n + '-' + Date.now(), streamMiB: "
                                + streamMiB + " }).then((r) => report.done(JSON.stringify(r)), (e) => report.fail(String(e && e.stack || e)))");
                        return null;
                    }).get(60, TimeUnit.SECONDS);
                    ours.add(JsonParser.parseString(report.result.get(30, TimeUnit.MINUTES)).getAsJsonObject());
                    lastPassSeconds = (System.nanoTime() - t0) / 1_000_000_000L;
                    System.out.printf("  our pass %d done %d s after the runtime started%n", pass + 1, lastPassSeconds);
                }
            }
            print("first pass (runtimes just started)", nodeResults.get(0).getAsJsonObject(), ours.get(0));
            if (passes > 1) {
                print("pass " + passes + " (warm, " + lastPassSeconds + " s after start)", nodeResults.get(passes - 1).getAsJsonObject(),
                        ours.get(passes - 1));
            }
            System.out.println("(ratio: how many times slower ours is; goals: connect within 2x, replication within 3x)");
        } finally {
            testnet.getOutputStream().close();
            testnet.waitFor(5, TimeUnit.SECONDS);
            testnet.destroy();
        }
    }

    private static String lastLine(String out) {
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }

    private static void print(String title, JsonObject node, JsonObject ours) {
        List<Map.Entry<String, String>> rows = List.of(
                Map.entry("connectMs", "join -> connected -> first message (ms, median of 3)"),
                Map.entry("replicate1000x1KiBMs", "replicate 1,000 blocks of 1 KiB (ms)"),
                Map.entry("replicate1000x64KiBMs", "replicate 1,000 blocks of 64 KiB (ms)"),
                Map.entry("streamMiBps", "one encrypted connection (MiB/s)"));
        System.out.printf("%-55s %10s %10s %8s%n", title, "ours", "node", "ratio");
        for (Map.Entry<String, String> row : rows) {
            double o = ours.get(row.getKey()).getAsDouble();
            double n = node.get(row.getKey()).getAsDouble();
            double ratio = row.getKey().equals("streamMiBps") ? n / Math.max(o, 0.001) : o / Math.max(n, 0.001);
            System.out.printf("  %-53s %10.1f %10.1f %7.1fx%n", row.getValue(), o, n, ratio);
        }
    }
}
