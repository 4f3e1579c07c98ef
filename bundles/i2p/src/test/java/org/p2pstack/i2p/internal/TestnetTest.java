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
 * other (router infos stored in each other's network database), started one after the other. A destination on
 * the first router streams to one on the third across the network (tunnels of one hop).
 *
 * <p>Slow (minutes): runs only with {@code -Ptestnet}.
 */
@Tag("testnet")
class TestnetTest {

    static final int ROUTERS = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 720, unit = TimeUnit.SECONDS)
    void streamAcrossThreeRouters() throws Exception {
        List<I2pSettings> settings = new ArrayList<>();
        for (int i = 0; i < ROUTERS; i++) {
            settings.add(TestNodes.withoutServer(TestNodes.embedded(dir.resolve("n" + i), TestNodes.freePort(), false, 1)));
        }
        long t1 = System.nanoTime();
        try (LoopbackTestnet net = LoopbackTestnet.start(settings, Duration.ofSeconds(60))) {
            System.out.printf("%d routers started and seeded: %d ms%n", ROUTERS, (System.nanoTime() - t1) / 1_000_000);
            for (I2pNode n : net.nodes()) {
                I2pState st = n.awaitReady(Duration.ofSeconds(500));
                assertEquals(I2pState.READY, st, () -> n.message() + " " + n.details());
            }
            System.out.printf("%d routers started → all client tunnels ready: %d ms%n", ROUTERS,
                    (System.nanoTime() - t1) / 1_000_000);

            I2pNode from = net.nodes().get(0);
            I2pNode to = net.nodes().get(ROUTERS - 1);
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
        }
    }
}
