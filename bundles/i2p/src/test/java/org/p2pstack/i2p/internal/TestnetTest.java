package org.p2pstack.i2p.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import net.i2p.client.streaming.I2PSocket;
import net.i2p.data.router.RouterInfo;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.i2p.I2pState;

/**
 * A private I2P network on loopback: three embedded routers (reseed off, network id 97), seeded from each
 * other by copying router infos into the netDb directories, started one after the other. A destination on
 * the first router streams to one on the third across the network (tunnels of one hop).
 *
 * <p>Slow (minutes): runs only with {@code -Ptestnet}.
 */
@Tag("testnet")
class TestnetTest {

    static final int ROUTERS = 3;

    @TempDir
    Path dir;

    /** Extra router settings for a tiny private network. */
    static Properties testnetRouterProperties() {
        Properties p = new Properties();
        p.setProperty("router.floodfillParticipant", "true");
        p.setProperty("router.reseedDisable", "true");
        p.setProperty("router.minThrottleTunnels", "0");
        return p;
    }

    static I2pSettings settings(Path d, int hops) throws IOException {
        return TestNodes.withoutServer(TestNodes.embedded(d, TestNodes.freePort(), false, hops));
    }

    /** Copies every router's router.info into every other router's netDb. */
    static void seed(List<I2pSettings> nodes) throws Exception {
        for (I2pSettings from : nodes) {
            Path info = from.routerDir().resolve("router.info");
            if (!Files.exists(info)) {
                continue;
            }
            RouterInfo ri = new RouterInfo();
            try (InputStream in = Files.newInputStream(info)) {
                ri.readBytes(in);
            }
            String b64 = ri.getIdentity().calculateHash().toBase64();
            for (I2pSettings to : nodes) {
                if (to == from) {
                    continue;
                }
                Path netDb = to.routerDir().resolve("netDb").resolve("r" + b64.charAt(0));
                Files.createDirectories(netDb);
                Files.copy(info, netDb.resolve("routerInfo-" + b64 + ".dat"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void streamAcrossThreeRouters() throws Exception {
        List<I2pSettings> settings = new ArrayList<>();
        for (int i = 0; i < ROUTERS; i++) {
            settings.add(settings(dir.resolve("n" + i), 1));
        }
        // first start of each router, one after the other, writes its identity (router.info); then all stop
        long t0 = System.nanoTime();
        for (I2pSettings s : settings) {
            EmbeddedRouter r = new EmbeddedRouter(s, testnetRouterProperties());
            r.start();
            long end = System.currentTimeMillis() + 30_000;
            while (!Files.exists(s.routerDir().resolve("router.info")) && System.currentTimeMillis() < end) {
                Thread.sleep(200);
            }
            r.stop(20_000);
        }
        seed(settings);
        System.out.printf("identities created and seeded: %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        List<I2pNode> nodes = new ArrayList<>();
        try {
            long t1 = System.nanoTime();
            for (I2pSettings s : settings) {
                I2pNode n = new I2pNode(s, testnetRouterProperties());
                n.start();
                nodes.add(n);
                Thread.sleep(3000); // in order: routers started together ban each other
            }
            for (I2pNode n : nodes) {
                I2pState st = n.awaitReady(Duration.ofSeconds(400));
                assertEquals(I2pState.READY, st, () -> n.message() + " " + n.details());
            }
            System.out.printf("3 routers started → all client tunnels ready: %d ms%n", (System.nanoTime() - t1) / 1_000_000);

            I2pNode from = nodes.get(0);
            I2pNode to = nodes.get(ROUTERS - 1);
            byte[] data = new byte[1024 * 1024];
            new Random(7).nextBytes(data);
            CompletableFuture<byte[]> server = CompletableFuture.supplyAsync(() -> {
                try (I2PSocket s = to.serverSocketForTests().accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    byte[] got = new byte[in.readInt()];
                    in.readFully(got);
                    OutputStream out = s.getOutputStream();
                    out.write(1);
                    out.flush();
                    return got;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            long c0 = System.nanoTime();
            var dest = from.resolve(to.ownDestination().orElseThrow().b32(), 120_000);
            System.out.printf("lookup across routers: %d ms%n", (System.nanoTime() - c0) / 1_000_000);
            long c1 = System.nanoTime();
            try (I2PSocket s = from.open(dest, 120_000)) {
                System.out.printf("connect across routers: %d ms%n", (System.nanoTime() - c1) / 1_000_000);
                long w0 = System.nanoTime();
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(data.length);
                out.write(data);
                out.flush();
                assertEquals(1, s.getInputStream().read());
                double secs = (System.nanoTime() - w0) / 1e9;
                System.out.printf("1 MiB across routers: %.2f s (%.2f MiB/s)%n", secs, 1 / secs);
            }
            assertArrayEquals(data, server.get(120, TimeUnit.SECONDS));
        } finally {
            for (I2pNode n : nodes) {
                n.stop(20_000);
            }
        }
    }
}
