package org.p2pstack.bench.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.p2pstack.itests.harness.NodeProcess;

/**
 * Cold start and hot deploy of the p2pstack distribution, side by side with stock Apache Karaf 4.4.10
 * given the same web features (scr + http-whiteboard). Every figure is the median of N runs.
 *
 * <ul>
 * <li>first start: a fresh copy, {@code bin/start} → first HTTP 200 (p2pstack: the landing page {@code /};
 * stock: a whiteboard servlet from a bundle placed in {@code deploy/} beforehand);</li>
 * <li>restart: {@code bin/stop}, then {@code bin/start} on the same copy → the same page 200;</li>
 * <li>hot deploy: bundle jar copied into {@code deploy/} → its page 200 (the same one-servlet bundle on both,
 * and on p2pstack also the example dApp).</li>
 * </ul>
 */
public final class StartupBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final Path work = NodeProcess.pathProperty("bench.work");
    private final Path p2pstack = NodeProcess.pathProperty("bench.p2pstack");
    private final Path karaf = NodeProcess.pathProperty("bench.karaf");
    private final Path hello = work.resolve("jars/hello.jar");
    private final Path dapp = work.resolve("jars/stacks-dapp.jar");
    private final int runs = Integer.getInteger("bench.runs", 5);
    private final int offset = Integer.getInteger("bench.port.offset", 2000);

    public static void main(String[] args) throws Exception {
        new StartupBenchmark().run();
    }

    private void run() throws Exception {
        List<Double> ourFirst = new ArrayList<>(), stockFirst = new ArrayList<>();
        List<Double> ourRestart = new ArrayList<>(), stockRestart = new ArrayList<>();
        List<Double> ourHello = new ArrayList<>(), stockHello = new ArrayList<>(), ourDapp = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try (NodeProcess node = NodeProcess.copyOf(p2pstack, work.resolve("p2pstack"), offset)) {
                ourFirst.add(timeStart(node, "/"));
                node.signIn(); // the private site answers servlets such as /bench-hello only to a signed-in client
                ourDapp.add(timeDeploy(node, dapp, "/dapps/stacks/"));
                ourHello.add(timeDeploy(node, hello, "/bench-hello"));
                node.stop();
                ourRestart.add(timeStart(node, "/"));
            }
            try (NodeProcess node = stockKaraf()) {
                stockFirst.add(timeStart(node, "/bench-hello"));
                Files.delete(node.home().resolve("deploy/hello.jar"));
                node.awaitStatus(node.privateUri("/bench-hello"), s -> s == 404, TIMEOUT);
                stockHello.add(timeDeploy(node, hello, "/bench-hello"));
                Files.copy(hello, node.home().resolve("deploy/hello.jar")); // the restart serves it again
                node.stop();
                stockRestart.add(timeStart(node, "/bench-hello"));
            }
            System.out.printf(Locale.ROOT, "run %d/%d done%n", i + 1, runs);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Start-up and hot deploy, median of %d runs (2-core machine)%n", runs);
        row("first start: bin/start -> HTTP 200", ourFirst, stockFirst, "goal: p2pstack <= 6 s");
        row("restart:     bin/start -> HTTP 200", ourRestart, stockRestart, "goal: p2pstack <= 6 s");
        row("hot deploy:  one-servlet bundle -> 200", ourHello, stockHello, "goal: p2pstack < 1 s");
        System.out.printf(Locale.ROOT, "%-40s p2pstack %6.2f s%n", "hot deploy:  example dApp page -> 200", median(ourDapp));
    }

    private static void row(String what, List<Double> ours, List<Double> stock, String goal) {
        System.out.printf(Locale.ROOT, "%-40s p2pstack %6.2f s | stock Karaf 4.4.10 + http-whiteboard %6.2f s | %s%n", what,
                median(ours), median(stock), goal);
    }

    /** {@code bin/start} → {@code path} answers 200, in seconds. */
    static double timeStart(NodeProcess node, String path) throws Exception {
        long start = System.nanoTime();
        node.start();
        node.awaitStatus(node.privateUri(path), s -> s == 200, TIMEOUT);
        return (System.nanoTime() - start) / 1e9;
    }

    private static double timeDeploy(NodeProcess node, Path jar, String path) throws Exception {
        Path target = node.home().resolve("deploy").resolve(jar.getFileName());
        long start = System.nanoTime();
        Files.copy(jar, target);
        node.awaitStatus(node.privateUri(path), s -> s == 200, TIMEOUT);
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(target);
        node.awaitStatus(node.privateUri(path), s -> s == 404, TIMEOUT);
        return seconds;
    }

    /** Stock Karaf with scr + http-whiteboard added to its boot features, ports shifted like ours. */
    private NodeProcess stockKaraf() throws IOException {
        NodeProcess node = NodeProcess.copyOf(karaf, work.resolve("stock-karaf"), offset);
        Path etc = node.home().resolve("etc");
        replace(etc.resolve("org.apache.karaf.features.cfg"), "featuresBoot = \\", "featuresBoot = \\\n    scr, \\\n    http-whiteboard, \\");
        // the http feature only writes its configuration when first installed; give it our port up front
        Files.writeString(etc.resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port = " + node.privatePort() + "\n");
        replace(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = " + (8101 + offset));
        replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort = 1099", "rmiRegistryPort = " + (1099 + offset));
        replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort = 44444", "rmiServerPort = " + (44444 + offset));
        Files.copy(hello, node.home().resolve("deploy/hello.jar"));
        return node;
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " does not contain '" + from + "'");
        }
        Files.writeString(file, text.replace(from, to));
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
