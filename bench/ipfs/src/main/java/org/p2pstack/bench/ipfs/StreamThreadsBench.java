package org.p2pstack.bench.ipfs;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.p2pstack.ipfs.internal.crypto.Ed25519KeyPair;
import org.p2pstack.ipfs.internal.multiformats.Multiaddr;
import org.p2pstack.ipfs.internal.net.Connection;
import org.p2pstack.ipfs.internal.net.Libp2pHost;
import org.p2pstack.ipfs.internal.net.StreamThreads;
import org.p2pstack.ipfs.internal.net.YamuxStream;

/**
 * Virtual against platform threads for libp2p streams, side by side in one JVM: {@code peers} pairs of hosts, in
 * each a peer opens {@code streams} streams to a node at once and holds them open (as Bitswap wants and Kademlia
 * queries do), on our libp2p host (TCP + Noise + yamux on 127.0.0.1; a node serves at most 1,024 streams at once). Printed for each kind: the time until every stream has
 * answered once, the platform threads alive at that moment and how much the process's resident memory grew.
 * Args: peers (8), streams per peer (400, at most yamux's 512), rounds (2, alternating the kinds).
 */
public final class StreamThreadsBench {

    private static final String HOLD = "/p2pstack/bench/hold/1";

    private StreamThreadsBench() {
    }

    record Figures(double seconds, int platformThreads, long rssGrowthKiB) {
    }

    public static void main(String[] args) throws Exception {
        int peers = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int streams = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        System.out.printf(Locale.ROOT, "libp2p streams held open at once: %d pairs of hosts x %d streams = %d, Java %s%n",
                peers, streams, peers * streams, Runtime.version());
        List<Figures> platform = new ArrayList<>();
        List<Figures> virtual = new ArrayList<>();
        run(StreamThreads.VIRTUAL, 2, 50, 0); // warms up the code paths both kinds share
        System.gc();
        Thread.sleep(1000);
        long baseline = residentKiB(); // every run's growth is counted from here, so the runs do not shift each other
        for (int round = 0; round < rounds; round++) {
            platform.add(run(StreamThreads.PLATFORM, peers, streams, baseline));
            virtual.add(run(StreamThreads.VIRTUAL, peers, streams, baseline));
        }
        Figures p = best(platform);
        Figures v = best(virtual);
        System.out.printf(Locale.ROOT, "%-28s %12s %12s %8s%n", "(best of " + rounds + ")", "platform", "virtual", "ratio");
        System.out.printf(Locale.ROOT, "  %-26s %10.2f s %10.2f s %7.2fx%n", "all streams answered", p.seconds(), v.seconds(),
                p.seconds() / v.seconds());
        System.out.printf(Locale.ROOT, "  %-26s %12d %12d %7.1fx%n", "platform threads alive", p.platformThreads(),
                v.platformThreads(), (double) p.platformThreads() / Math.max(1, v.platformThreads()));
        System.out.printf(Locale.ROOT, "  %-26s %9d MiB %9d MiB%n", "resident memory growth", p.rssGrowthKiB() / 1024,
                v.rssGrowthKiB() / 1024);
        System.out.println("held against: platform threads, one per stream, as the node ran on Java 17 (ratio > 1: virtual is better)");
    }

    private static Figures best(List<Figures> runs) {
        return runs.stream().min((x, y) -> Double.compare(x.seconds(), y.seconds())).orElseThrow();
    }

    private static Figures run(StreamThreads kind, int peers, int streams, long rssBefore) throws Exception {
        System.gc();
        SecureRandom random = new SecureRandom();
        int total = peers * streams;
        CountDownLatch answered = new CountDownLatch(total);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger failures = new AtomicInteger();
        List<Libp2pHost> hosts = new ArrayList<>();
        try {
            long start = System.nanoTime();
            for (int p = 0; p < peers; p++) {
                Libp2pHost node = new Libp2pHost(Ed25519KeyPair.generate(random), random, "bench-node", kind);
                hosts.add(node);
                node.handle(HOLD, (connection, stream) -> {
                    int b = stream.in().read();
                    stream.out().write(b);
                    stream.out().flush();
                    awaitQuietly(release);
                    stream.closeWrite();
                });
                InetSocketAddress bound = node.listen(new InetSocketAddress("127.0.0.1", 0));
                Multiaddr address = Multiaddr.tcp(bound.getAddress(), bound.getPort()).withPeer(node.peerId());
                Libp2pHost client = new Libp2pHost(Ed25519KeyPair.generate(random), random, "bench-peer", kind);
                hosts.add(client);
                Connection connection = client.dial(address, Duration.ofSeconds(30));
                for (int s = 0; s < streams; s++) {
                    client.execute(() -> {
                        try (YamuxStream stream = connection.newStream(HOLD)) {
                            stream.out().write(7);
                            stream.out().flush();
                            if (stream.in().read() != 7) {
                                failures.incrementAndGet();
                            }
                            answered.countDown();
                            awaitQuietly(release);
                        } catch (IOException e) {
                            failures.incrementAndGet();
                            answered.countDown();
                        }
                    });
                }
            }
            if (!answered.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException(kind + ": streams did not all answer within 5 minutes");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            long growth = residentKiB() - rssBefore;
            if (failures.get() > 0) {
                throw new IllegalStateException(kind + ": " + failures.get() + " streams failed");
            }
            return new Figures(seconds, threads, growth);
        } finally {
            release.countDown();
            for (Libp2pHost host : hosts) {
                host.close();
            }
            Thread.sleep(2000); // the platform threads' stacks are unmapped as they end
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long residentKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
