package org.p2pstack.bench.i2p;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import net.i2p.client.streaming.I2PSocket;
import net.i2p.data.Destination;

import org.p2pstack.api.i2p.I2pState;
import org.p2pstack.i2p.internal.I2pNode;
import org.p2pstack.i2p.internal.I2pSettings;
import org.p2pstack.i2p.internal.LoopbackTestnet;

/**
 * Prints: time from router start to a usable destination (server tunnel ready), and the throughput of a
 * 16 MiB stream between two destinations on one router; with {@code --testnet}, the same across a private
 * network of three routers on loopback (tunnels of one hop). Loopback only; every wait is bounded.
 */
public final class I2pBench {

    static final int MIB = 1024 * 1024;
    static final int PAYLOAD = 16 * MIB;
    static final int NETWORK_ID = 98;

    private I2pBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean testnet = List.of(args).contains("--testnet");
        Path root = Files.createTempDirectory("i2p-bench");
        try {
            single(root.resolve("single"));
            if (testnet) {
                testnet(root.resolve("testnet"));
            }
        } finally {
            deleteTree(root);
        }
        System.exit(0);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static I2pSettings settings(Path dir, int hops, boolean server, boolean exposeI2cp) throws IOException {
        return new I2pSettings(I2pSettings.Mode.EMBEDDED, dir, "127.0.0.1", freePort(), exposeI2cp, freePort(),
                "127.0.0.1", false, 16384, 16384, 80, hops, hops, 2, false, NETWORK_ID, server, freePort(), false,
                freePort(), 8181);
    }

    static void single(Path dir) throws Exception {
        // A: the node, with its server tunnel; B: a second node on A's router over I2CP
        I2pSettings sa = settings(dir.resolve("a"), 0, true, true);
        long t0 = System.nanoTime();
        I2pNode a = new I2pNode(sa);
        a.start();
        check(a.awaitReady(Duration.ofSeconds(120)), a);
        long readyMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("one router: router start → server tunnel ready: %d ms (issue measured 2–3 s for two destinations)%n", readyMs);
        a.stop(30_000);

        // throughput: two nodes, A without server tunnel so the bench accepts the stream itself
        I2pSettings sa2 = settings(dir.resolve("a2"), 0, false, true);
        I2pNode a2 = new I2pNode(sa2);
        a2.start();
        check(a2.awaitReady(Duration.ofSeconds(120)), a2);
        I2pSettings sb = new I2pSettings(I2pSettings.Mode.EXTERNAL, dir.resolve("b"), "127.0.0.1", sa2.i2cpPort(),
                false, freePort(), "127.0.0.1", false, 16384, 16384, 80, 0, 0, 2, false, NETWORK_ID, false,
                freePort(), false, freePort(), 8181);
        I2pNode b = new I2pNode(sb);
        b.start();
        check(b.awaitReady(Duration.ofSeconds(120)), b);
        try {
            double s = stream(b, a2);
            System.out.printf("one router, B over I2CP → A: 16 MiB in %.2f s = %.2f MiB/s (issue measured 6–8 MiB/s in-JVM)%n",
                    s, 16 / s);
        } finally {
            b.stop(10_000);
            a2.stop(30_000);
        }
    }

    /** Sends 16 MiB from {@code from} to {@code to}'s destination; returns seconds until acknowledged. */
    static double stream(I2pNode from, I2pNode to) throws Exception {
        byte[] chunk = new byte[64 * 1024];
        new Random(3).nextBytes(chunk);
        CompletableFuture<Long> server = CompletableFuture.supplyAsync(() -> {
            try (I2PSocket s = to.serverSocketForTests().accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                long want = in.readLong();
                byte[] buf = new byte[64 * 1024];
                long got = 0;
                int r;
                while (got < want && (r = in.read(buf)) >= 0) {
                    got += r;
                }
                s.getOutputStream().write(1);
                s.getOutputStream().flush();
                return got;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Destination d = from.resolve(to.ownDestination().orElseThrow().b32(), 120_000);
        long t0;
        try (I2PSocket s = from.open(d, 120_000)) {
            t0 = System.nanoTime();
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeLong(PAYLOAD);
            for (int sent = 0; sent < PAYLOAD; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
            s.setReadTimeout(300_000);
            InputStream in = s.getInputStream();
            if (in.read() != 1) {
                throw new IOException("no acknowledgement");
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long got = server.get(60, TimeUnit.SECONDS);
        if (got != PAYLOAD) {
            throw new IOException("received " + got + " bytes");
        }
        return secs;
    }

    static void testnet(Path dir) throws Exception {
        int n = 3;
        List<I2pSettings> settings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            settings.add(settings(dir.resolve("r" + i), 1, false, false));
        }
        long t0 = System.nanoTime();
        try (LoopbackTestnet net = LoopbackTestnet.start(settings, Duration.ofSeconds(60))) {
            for (I2pNode node : net.nodes()) {
                check(node.awaitReady(Duration.ofSeconds(600)), node);
            }
            System.out.printf("testnet of %d routers: start → all client tunnels ready: %d ms (issue measured ~105 s)%n",
                    n, (System.nanoTime() - t0) / 1_000_000);
            double s = stream(net.nodes().get(0), net.nodes().get(n - 1));
            System.out.printf("testnet, router 0 → router %d (1-hop tunnels): 16 MiB in %.2f s = %.2f MiB/s%n",
                    n - 1, s, 16 / s);
        }
    }

    static void check(I2pState state, I2pNode node) {
        if (state != I2pState.READY) {
            throw new IllegalStateException("not ready: " + node.message() + " " + node.details());
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
