package org.p2pstack.bench.startup;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.p2pstack.itests.harness.NodeProcess;

/**
 * The node on Java 25 (its own {@code jre/}) beside the same node as it was on Java 17 (the release before the move,
 * built by {@code bench/jdk17-baseline.sh} and run with {@code JAVA_HOME} at a JDK 17), alternating, each figure the
 * median of N runs:
 * <ul>
 * <li>first start: a fresh copy, {@code bin/start} → landing page {@code /} 200;</li>
 * <li>every stack up: from {@code bin/start} until {@code /api/status} says ipfs, swarm and torrent are running;</li>
 * <li>idle: 30 s later, the node JVM's resident memory (VmRSS) and its threads;</li>
 * <li>restart: {@code bin/stop}, {@code bin/start} on the same copy → landing page 200.</li>
 * </ul>
 */
public final class RuntimeBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    private final Path work = NodeProcess.pathProperty("bench.work");
    private final Map<String, Path> distributions = new LinkedHashMap<>();
    private final int runs = Integer.getInteger("bench.runs", 3);
    private final int offset = Integer.getInteger("bench.port.offset", 2000);
    private final long idleSeconds = Long.getLong("bench.idle.seconds", 30);

    private record Run(double firstStart, double stacksUp, double rssMiB, double threads, double restart) {
    }

    public static void main(String[] args) throws Exception {
        new RuntimeBenchmark().run();
    }

    private void run() throws Exception {
        distributions.put("Java 25", NodeProcess.pathProperty("bench.p2pstack"));
        distributions.put("Java 17", NodeProcess.pathProperty("bench.jdk17"));
        Map<String, List<Run>> results = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
            for (Map.Entry<String, Path> distribution : distributions.entrySet()) {
                Run run = measure(distribution.getKey(), distribution.getValue());
                results.computeIfAbsent(distribution.getKey(), k -> new ArrayList<>()).add(run);
                System.out.printf(Locale.ROOT, "run %d/%d %s: %s%n", i + 1, runs, distribution.getKey(), run);
            }
        }
        List<Run> now = results.get("Java 25");
        List<Run> before = results.get("Java 17");
        System.out.println();
        System.out.printf(Locale.ROOT, "The node on Java 25 (jre/) and on Java 17 (before the move), median of %d runs, 2 cores%n", runs);
        System.out.printf(Locale.ROOT, "%-44s %10s %10s  %s%n", "", "Java 25", "Java 17", "held against");
        row("first start: bin/start -> landing page 200", now, before, Run::firstStart, "s", "not slower than Java 17");
        row("restart:     bin/start -> landing page 200", now, before, Run::restart, "s", "not slower than Java 17");
        row("bin/start -> ipfs, swarm, torrent running", now, before, Run::stacksUp, "s", "");
        row("idle resident memory, every stack up", now, before, Run::rssMiB, "MiB", "<= 450 MiB");
        row("idle threads (platform)", now, before, Run::threads, "", "");
    }

    private Run measure(String label, Path distribution) throws Exception {
        try (NodeProcess node = NodeProcess.copyOf(distribution, work.resolve("runtime-" + label.replace(' ', '-')), offset)) {
            long start = System.nanoTime();
            node.start();
            node.awaitStatus(node.privateUri("/"), s -> s == 200, TIMEOUT);
            double firstStart = (System.nanoTime() - start) / 1e9;
            node.awaitReady(TIMEOUT);
            awaitStacks(node);
            double stacksUp = (System.nanoTime() - start) / 1e9;
            Thread.sleep(idleSeconds * 1000);
            long pid = node.process().orElseThrow().pid();
            double rss = procStatus(pid, "VmRSS:") / 1024.0;
            double threads = procStatus(pid, "Threads:");
            node.stop();
            double restart = StartupBenchmark.timeStart(node, "/");
            node.stop();
            return new Run(firstStart, stacksUp, rss, threads, restart);
        }
    }

    private static void awaitStacks(NodeProcess node) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = NodeProcess.httpClient().send(
                    HttpRequest.newBuilder(node.privateUri("/api/status")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JsonObject stacks = JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("stacks");
                last = stacks.toString();
                if (List.of("ipfs", "swarm", "torrent").stream().allMatch(name -> stacks.has(name)
                        && stacks.getAsJsonObject(name).get("state").getAsString().equals("running"))) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the stacks did not all come up within " + TIMEOUT + ": " + last);
    }

    private static long procStatus(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
    }

    private static void row(String what, List<Run> now, List<Run> before, java.util.function.ToDoubleFunction<Run> figure,
            String unit, String goal) {
        System.out.printf(Locale.ROOT, "%-44s %7.1f %-3s %6.1f %-3s %s%n", what, median(now, figure), unit,
                median(before, figure), unit, goal);
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
        return StartupBenchmark.median(runs.stream().map(figure::applyAsDouble).toList());
    }
}
