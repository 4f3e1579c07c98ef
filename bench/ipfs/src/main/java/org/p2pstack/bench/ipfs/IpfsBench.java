package org.p2pstack.bench.ipfs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.p2pstack.api.ipfs.AddOptions;
import org.p2pstack.ipfs.internal.IpfsNode;
import org.p2pstack.ipfs.internal.blockstore.MemoryBlockstore;
import org.p2pstack.ipfs.internal.unixfs.Importer;

/**
 * Side-by-side figures on loopback, each printed with what it is compared with:
 * (1) UnixFS import of a 256 MiB file, kubo profile, ours vs helia (both into memory);
 * (2) transfer of a 64 MiB file over Bitswap: ours→ours, helia→helia, helia→ours, ours→helia.
 * Usage: IpfsBench INTEROP_DIR [importMiB] [transferMiB]  (INTEROP_DIR = bundles/ipfs/src/test/interop, npm ci done).
 */
public final class IpfsBench {

    private IpfsBench() {
    }

    public static void main(String[] args) throws Exception {
        Path interop = Path.of(args.length > 0 ? args[0] : "bundles/ipfs/src/test/interop").toAbsolutePath().normalize();
        int importMiB = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int transferMiB = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        if (!Files.isDirectory(interop.resolve("node_modules/helia"))) {
            throw new IllegalStateException("helia is not installed in " + interop + ": build bundles/ipfs first (it runs npm ci)");
        }
        PrintStream out = System.out;
        Path tmp = Files.createTempDirectory("ipfs-bench");
        try {
            Path big = random(tmp.resolve("import.bin"), importMiB, importMiB);
            Path mid = random(tmp.resolve("transfer.bin"), transferMiB, transferMiB);

            // (1) import
            double ours = 0;
            String ourCid = null;
            for (int i = 0; i < 3; i++) { // the first round warms the JIT
                long t0 = System.nanoTime();
                try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(big), 1 << 20)) {
                    ourCid = new Importer(new MemoryBlockstore(), Importer.KUBO_V0).importFile(in).cid().toString();
                }
                ours = Math.max(ours, importMiB / ((System.nanoTime() - t0) / 1e9));
            }
            String[] h = node(interop, "bench.mjs", "import", big.toString()).split(" ");
            double helia = importMiB / (Long.parseLong(h[1]) / 1000.0);
            out.printf("import %d MiB, kubo profile (CIDv0, 256 KiB chunks, 174 links), into memory:%n", importMiB);
            out.printf("  ours  %7.1f MiB/s  %s%n", ours, ourCid);
            out.printf("  helia %7.1f MiB/s  %s  (same CID: %s)%n", helia, h[2], h[2].equals(ourCid));
            out.printf("  ours / helia = %.1fx%n", ours / helia);

            // (2) transfer
            out.printf("transfer %d MiB over Bitswap on 127.0.0.1 (TCP + Noise + yamux), Java %s (ours: best of %d fresh pairs in one JVM):%n",
                    transferMiB, Runtime.version(), OURS_ROUNDS);
            Transfer oo = oursToOurs(tmp, mid, transferMiB);
            out.printf("  ours  -> ours  %7.1f MiB/s  (%.2f ms CPU per MiB, both ends: %.0f MiB/s per busy core)%n",
                    oo.mibPerSecond(), oo.cpuMsPerMiB(), 1000 / oo.cpuMsPerMiB());
            String[] t = node(interop, "bench.mjs", "transfer", mid.toString()).split(" ");
            double hh = transferMiB / (Long.parseLong(t[1]) / 1000.0);
            out.printf("  helia -> helia %7.1f MiB/s%n", hh);
            double[] mixed = mixed(interop, tmp, mid, transferMiB);
            out.printf("  helia -> ours  %7.1f MiB/s%n", mixed[0]);
            out.printf("  ours  -> helia %7.1f MiB/s%n", mixed[1]);
            out.printf("goals: ours->ours >= 10x helia->helia (%.1fx) and >= 200 MiB/s; ours with helia >= helia with helia (%.1fx, %.1fx)%n",
                    oo.mibPerSecond() / hh, mixed[0] / hh, mixed[1] / hh);
        } finally {
            try (var s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path random(Path f, int mib, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream o = Files.newOutputStream(f)) {
            for (int i = 0; i < mib; i++) {
                r.nextBytes(buf);
                o.write(buf);
            }
        }
        return f;
    }

    /** Pairs of our nodes, one after another in this JVM: the first rounds are paid while the JIT compiles. */
    private static final int OURS_ROUNDS = 6;

    private static IpfsNode start(Path dir, List<String> boot) throws IOException {
        IpfsNode n = new IpfsNode(new IpfsNode.Settings(dir, "127.0.0.1", 0, boot, Duration.ofSeconds(60), Duration.ZERO));
        n.start();
        return n;
    }

    /** CPU time of this whole JVM (both of our nodes), in nanoseconds: a figure that the machine's other load does not move much. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The best ours→ours round: its rate and the CPU it took per MiB (both ends together). */
    private record Transfer(double mibPerSecond, double cpuMsPerMiB) {
    }

    private static Transfer oursToOurs(Path tmp, Path file, int mib) throws Exception {
        Transfer best = new Transfer(0, Double.NaN);
        for (int round = 0; round < OURS_ROUNDS; round++) {
            try (IpfsNode a = start(tmp.resolve("a" + round), List.of()); IpfsNode b = start(tmp.resolve("b" + round), List.of())) {
                String cid = a.add(file, AddOptions.KUBO);
                b.connect(a.id().addresses().get(0), Duration.ofSeconds(10));
                long t0 = System.nanoTime();
                long cpu0 = processCpuNanos();
                long n;
                try (InputStream in = b.cat(cid)) {
                    n = in.transferTo(OutputStream.nullOutputStream());
                }
                if (n != (long) mib << 20) {
                    throw new IllegalStateException("received " + n + " bytes");
                }
                double rate = mib / ((System.nanoTime() - t0) / 1e9);
                if (rate > best.mibPerSecond()) {
                    best = new Transfer(rate, (processCpuNanos() - cpu0) / 1e6 / mib);
                }
            }
        }
        return best;
    }

    /**
     * helia→ours and ours→helia with one helia node set up exactly like the helia→helia pair (bench.mjs serve:
     * no DHT, which would look up providers for every wanted block). Each direction moves its own file with
     * kubo's settings, the DAG shape helia→helia moves.
     */
    private static double[] mixed(Path interop, Path tmp, Path file, int mib) throws Exception {
        Path other = random(tmp.resolve("transfer-2.bin"), mib, mib + 1L);
        Process p = new ProcessBuilder("node", "bench.mjs", "serve").directory(interop.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (IpfsNode ours = start(tmp.resolve("m"), List.of())) {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            PrintStream w = new PrintStream(p.getOutputStream(), true, StandardCharsets.UTF_8);
            String line = r.readLine();
            if (line == null || !line.startsWith("listen ")) {
                throw new IllegalStateException("helia did not start: " + line);
            }
            ours.connect(line.substring(7).trim(), Duration.ofSeconds(10));
            w.println("add " + file);
            String cid = okValue(r.readLine());
            long t0 = System.nanoTime();
            try (InputStream in = ours.cat(cid)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            double hToO = mib / ((System.nanoTime() - t0) / 1e9);
            String mine = ours.add(other, AddOptions.KUBO);
            t0 = System.nanoTime();
            w.println("cat " + mine);
            long n = Long.parseLong(okValue(r.readLine()));
            double oToH = mib / ((System.nanoTime() - t0) / 1e9);
            if (n != (long) mib << 20) {
                throw new IllegalStateException("helia received " + n + " bytes");
            }
            w.println("quit");
            return new double[] {hToO, oToH};
        } finally {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static String okValue(String reply) {
        if (reply == null || !reply.startsWith("ok ")) {
            throw new IllegalStateException("helia: " + reply);
        }
        return reply.substring(3).trim();
    }

    private static String node(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("node"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("node " + String.join(" ", args) + " failed: " + out);
        }
        for (String l : out.split("\n")) {
            if (l.startsWith("ms ")) {
                return l;
            }
        }
        throw new IllegalStateException("no figure from node " + String.join(" ", args) + ": " + out);
    }
}
