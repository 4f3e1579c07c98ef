package org.p2pstack.ipfs.internal.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mDNS discovery both ways with js-libp2p's {@code @libp2p/mdns}, on a LAN of two network namespaces joined by a
 * bridge (in a third namespace, so nothing touches this computer's own networks): our node ({@code LanPeer}, the DS
 * component on a test-network node whose .cfg sets {@code lanDiscovery = true}) at 198.19.7.10, a helia node with
 * mDNS ({@code mdns-peer.mjs}) at 198.19.7.11. Checks that js-libp2p discovers us and that we find it, list it in
 * {@code nearbyPeers()} and connect; that js-libp2p can dial the address it discovered; and that a file goes each way
 * over Bitswap on that LAN connection.
 * <p>
 * Creating namespaces needs root and iproute2; without them the test is skipped with the reason. Names carry this JVM's
 * PID ({@code p2plan-<pid>-a/-b/-br}) so that two builds on one computer do not collide, and everything is removed at
 * the end, whatever happened.
 */
class LanDiscoveryInteropTest {

    private static final Duration T = Duration.ofSeconds(60);
    private static final Duration STEP = Duration.ofSeconds(20);
    private static final String OURS = "198.19.7.10";
    private static final String JS = "198.19.7.11";

    @TempDir
    Path dir;

    @Test
    void weAndJsLibp2pFindEachOtherOnTheLanAndExchangeFiles() throws Exception {
        try (Lan lan = Lan.create()) {
            assertTimeoutPreemptively(T, () -> run(lan));
        }
    }

    private void run(Lan lan) throws Exception {
        long t0 = System.nanoTime();
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> ourCmd = new ArrayList<>(lan.exec("a"));
        ourCmd.addAll(List.of(java, "-cp", cp, "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.log.org.p2pstack.ipfs.internal.mdns=debug",
                "org.p2pstack.ipfs.internal.LanPeer", dir.resolve("ours").toString(), OURS, "2"));
        try (NodeJs ours = NodeJs.startProcess(ourCmd);
                NodeJs js = NodeJs.startWith(lan.exec("b"), "mdns-peer.mjs", "/ip4/" + JS + "/tcp/4001", "/ip4/198.19.7.", "2000")) {
            String ourId = ours.await("peer ", STEP);
            String jsId = js.await("peer ", STEP);

            // js-libp2p discovers us at our LAN address
            String found = poll(js, "discovered", s -> s.contains("\"" + ourId + "\""), "js-libp2p to discover " + ourId);
            assertTrue(found.contains("/ip4/" + OURS + "/tcp/4001"), found);
            // we find js-libp2p, list it as nearby and connect to it
            String nearby = poll(ours, "nearby", s -> s.contains(jsId + "="), "our node to find " + jsId);
            assertTrue(nearby.contains(jsId + "=/ip4/" + JS + "/tcp/4001/p2p/" + jsId), nearby);
            // (to its listen port: we dialled it, js-libp2p does not dial the peers it discovers by itself)
            poll(ours, "peers", s -> s.contains(jsId + "=/ip4/" + JS + "/tcp/4001"), "our node to dial " + jsId);
            poll(js, "conns", s -> s.contains("\"" + ourId + "\""), "js-libp2p to see our connection");
            // js-libp2p reaches us at the address mDNS gave it, on a connection of its own
            String dialled = ask(js, "dial " + ourId);
            assertTrue(dialled.startsWith(ourId + " /ip4/" + OURS + "/tcp/4001"), dialled);
            System.out.printf("LanDiscoveryInteropTest: found each other and connected in %.1f s%n", (System.nanoTime() - t0) / 1e9);

            // Bitswap over the LAN: js → us, then us → js
            Random rnd = new Random(7);
            byte[] theirs = new byte[(1 << 20) + 123];
            rnd.nextBytes(theirs);
            Files.write(dir.resolve("theirs"), theirs);
            String cid = ask(js, "add " + dir.resolve("theirs"));
            ask(ours, "cat " + cid + " " + dir.resolve("theirs-fetched"));
            assertArrayEquals(theirs, Files.readAllBytes(dir.resolve("theirs-fetched")), "js → ours");
            byte[] mine = new byte[(1 << 20) + 321];
            rnd.nextBytes(mine);
            Files.write(dir.resolve("mine"), mine);
            String myCid = ask(ours, "add " + dir.resolve("mine"));
            ask(js, "cat " + myCid + " " + dir.resolve("mine-fetched"));
            assertArrayEquals(mine, Files.readAllBytes(dir.resolve("mine-fetched")), "ours → js");
            System.out.printf("LanDiscoveryInteropTest: done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Sends {@code command} and returns what follows {@code ok}; fails on {@code err}. */
    private static String ask(NodeJs p, String command) throws IOException, InterruptedException {
        p.send(command);
        while (true) {
            String line = p.await("", STEP);
            if (line.startsWith("ok")) {
                return line.substring(2).trim();
            }
            if (line.startsWith("err")) {
                fail(command + ": " + line + "\nstderr:\n" + p.stderr());
            }
        }
    }

    /** Asks {@code command} every 250 ms until the answer passes {@code done}, for at most {@link #STEP}. */
    private static String poll(NodeJs p, String command, Predicate<String> done, String what) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = ask(p, command);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        fail("waited " + STEP.toSeconds() + " s for " + what + "; last '" + command + "': " + last + "\nstderr:\n" + p.stderr());
        return last;
    }

    /** The two hosts and the bridge between them; {@link #close()} removes them and whatever still runs there. */
    static final class Lan implements AutoCloseable {
        private final String prefix = "p2plan-" + ProcessHandle.current().pid();
        private final List<String> created = new ArrayList<>();
        private final Thread hook = new Thread(this::remove, "p2plan-cleanup");

        static Lan create() throws IOException, InterruptedException {
            assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "network namespaces are Linux only");
            String uid;
            try {
                uid = run(List.of("id", "-u")).trim();
            } catch (IOException e) {
                uid = "?";
            }
            assumeTrue(uid.equals("0"), "LanDiscoveryInteropTest creates network namespaces and needs root (uid is " + uid + ")");
            try {
                run(List.of("ip", "-V"));
            } catch (IOException e) {
                assumeTrue(false, "LanDiscoveryInteropTest needs iproute2 (`ip`): " + e.getMessage());
            }
            Lan lan = new Lan();
            Runtime.getRuntime().addShutdownHook(lan.hook);
            try {
                lan.build();
            } catch (IOException e) {
                lan.close();
                assumeTrue(false, "cannot create network namespaces here: " + e.getMessage());
            }
            return lan;
        }

        List<String> exec(String host) {
            return List.of("ip", "netns", "exec", prefix + "-" + host);
        }

        private void build() throws IOException, InterruptedException {
            for (String n : List.of("br", "a", "b")) {
                must("ip", "netns", "add", prefix + "-" + n);
                created.add(prefix + "-" + n);
            }
            String br = prefix + "-br";
            must("ip", "-n", br, "link", "add", "p2plan0", "type", "bridge", "mcast_snooping", "0");
            must("ip", "-n", br, "link", "set", "p2plan0", "up");
            String[][] hosts = {{"a", "pa", OURS}, {"b", "pb", JS}};
            for (String[] h : hosts) {
                String ns = prefix + "-" + h[0];
                must("ip", "link", "add", "name", "eth0", "netns", ns, "type", "veth", "peer", "name", h[1], "netns", br);
                must("ip", "-n", br, "link", "set", h[1], "master", "p2plan0", "up");
                must("ip", "-n", ns, "link", "set", "lo", "up");
                must("ip", "-n", ns, "addr", "add", h[2] + "/24", "dev", "eth0");
                must("ip", "-n", ns, "link", "set", "eth0", "up");
                // no default route in a namespace: multicast needs one of its own
                must("ip", "-n", ns, "route", "add", "224.0.0.0/4", "dev", "eth0");
            }
        }

        private static void must(String... cmd) throws IOException, InterruptedException {
            run(List.of(cmd));
        }

        private static String run(List<String> cmd) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out.trim());
            }
            return out;
        }

        /** Ends what still runs in our namespaces (only processes this test started run there), then deletes them. */
        private synchronized void remove() {
            for (String ns : List.copyOf(created)) {
                try {
                    for (String pid : run(List.of("ip", "netns", "pids", ns)).split("\\s+")) {
                        if (!pid.isBlank()) {
                            ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                        }
                    }
                } catch (IOException | RuntimeException | InterruptedException e) {
                    // nothing running there
                }
            }
            for (String ns : List.copyOf(created)) {
                try {
                    run(List.of("ip", "netns", "del", ns));
                    created.remove(ns);
                } catch (IOException | InterruptedException e) {
                    System.err.println("LanDiscoveryInteropTest: could not delete namespace " + ns + ": " + e.getMessage());
                }
            }
        }

        @Override
        public void close() {
            remove();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs anyway
            }
        }
    }
}
