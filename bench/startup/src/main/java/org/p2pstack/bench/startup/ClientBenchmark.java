package org.p2pstack.bench.startup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.p2pstack.itests.harness.NodeProcess;

/**
 * A scripted console call against a running node: the wall time of one {@code bin/client -b} process that runs
 * {@code p2p:status} and exits, as a script or a cron job calls it. Side by side in one run, alternating call by
 * call:
 *
 * <ul>
 * <li>stock: Apache Karaf 4.4.10's own {@code bin/client} with its default settings, given the node's console login
 * (its {@code etc/users.properties}) and port, the command on stdin (its batch mode reads only stdin);</li>
 * <li>p2pstack: the node's {@code bin/client -b p2p:status} with its class-data archive, C1-only JIT and plain
 * output; its first call, which writes the archive, is shown on its own.</li>
 * </ul>
 *
 * Both talk to the same node (whose SSH server offers curve25519, so the stock client gets that part of the gain
 * too) with the same Java. Figures are min / median / max of N calls.
 */
public final class ClientBenchmark {

    private static final String COMMAND = "p2p:status";
    private static final double TARGET_SECONDS = 1.5;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final Path work = NodeProcess.pathProperty("bench.work");
    private final Path p2pstack = NodeProcess.pathProperty("bench.p2pstack");
    private final Path karaf = NodeProcess.pathProperty("bench.karaf");
    private final int calls = Integer.getInteger("bench.client.calls", 10);
    private final int offset = Integer.getInteger("bench.port.offset", 2000);

    public static void main(String[] args) throws Exception {
        new ClientBenchmark().run();
    }

    private void run() throws Exception {
        List<Double> stock = new ArrayList<>(), ours = new ArrayList<>();
        double first;
        try (NodeProcess node = NodeProcess.copyOf(p2pstack, work.resolve("client-node"), offset)) {
            node.start();
            node.awaitReady(Duration.ofSeconds(120));
            Path stockHome = NodeProcess.copyOf(karaf, work.resolve("stock-client"), offset).home(); // only its bin/client runs
            // the node's console login, as the stock client finds it in its own etc/
            Files.copy(node.home().resolve("etc/users.properties"), stockHome.resolve("etc/users.properties"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            List<String> stockCall = List.of(stockHome.resolve("bin/client").toString(), "-h", "127.0.0.1", "-a",
                    Integer.toString(8101 + offset), "-b");
            List<String> ourCall = List.of(node.home().resolve("bin/client").toString(), "-b", COMMAND);

            time(stockCall, COMMAND + "\n", node); // the node's SSH server and shell warm up once, for both
            NodeProcess.deleteTree(node.home().resolve("data/client"));
            first = time(ourCall, "", node);
            for (int i = 0; i < calls; i++) {
                stock.add(time(stockCall, COMMAND + "\n", node));
                ours.add(time(ourCall, "", node));
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Console: one scripted call 'bin/client -b %s' against a running node, wall time of %d calls "
                + "(2-core machine, %s)%n", COMMAND, calls, System.getProperty("java.version"));
        row("stock Karaf 4.4.10 bin/client", stock);
        row("p2pstack bin/client", ours);
        System.out.printf(Locale.ROOT, "%-36s %6.2f s (writes the class-data archive in data/client/)%n",
                "p2pstack bin/client, first call", first);
        System.out.printf(Locale.ROOT, "goal: p2pstack median < %.1f s -> %s%n", TARGET_SECONDS,
                median(ours) < TARGET_SECONDS ? "met" : "NOT met");
    }

    private static void row(String what, List<Double> seconds) {
        List<Double> sorted = seconds.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%-36s min %5.2f s | median %5.2f s | max %5.2f s%n", what, sorted.get(0),
                median(sorted), sorted.get(sorted.size() - 1));
    }

    /** Runs one client call to its end and returns its wall time; fails if it did not print the node's status. */
    private double time(List<String> command, String stdin, NodeProcess node) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(node.home().toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("P2PSTACK_PORT_OFFSET", Integer.toString(offset));
        env.put("P2PSTACK_LOCAL_NETWORK", "true");
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within " + CALL_TIMEOUT);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (process.exitValue() != 0 || !output.matches("(?s).*torrent +running.*")) {
            throw new IllegalStateException(command + " exited with " + process.exitValue() + ": " + output);
        }
        return seconds;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
