package org.p2pstack.i2p.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import net.i2p.client.streaming.I2PSocket;
import net.i2p.router.RouterContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two destinations on one embedded router (loopback only) exchange data both ways. */
class TwoDestinationsOneRouterTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void exchangeDataBothWays() throws Exception {
        I2pSettings s = TestNodes.embedded(dir, TestNodes.freePort(), false, 0);
        EmbeddedRouter router = new EmbeddedRouter(s);
        try {
            long t0 = System.nanoTime();
            RouterContext ctx = router.start();
            try (var certs = java.nio.file.Files.list(s.routerDir().resolve("certificates").resolve("reseed"))) {
                org.junit.jupiter.api.Assertions.assertTrue(
                        certs.filter(f -> f.toString().endsWith(".crt")).count() >= 5, "reseed certificates installed");
            }
            byte[] keysA = new DestinationStore(dir.resolve("a.keys")).loadOrCreate();
            byte[] keysB = new DestinationStore(dir.resolve("b.keys")).loadOrCreate();
            var opts = StreamingEndpoint.sessionOptions(s, false);
            try (StreamingEndpoint a = StreamingEndpoint.open(ctx, keysA, opts, "a");
                    StreamingEndpoint b = StreamingEndpoint.open(ctx, keysB, opts, "b")) {
                System.out.printf("router start + 2 sessions ready: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
                byte[] fromB = new byte[256 * 1024];
                new Random(1).nextBytes(fromB);
                byte[] fromA = "hello from A".getBytes(StandardCharsets.UTF_8);

                CompletableFuture<byte[]> server = CompletableFuture.supplyAsync(() -> {
                    try (I2PSocket in = a.serverSocket().accept()) {
                        assertEquals(b.destination(), in.getPeerDestination(), "verified peer");
                        DataInputStream din = new DataInputStream(in.getInputStream());
                        byte[] got = new byte[din.readInt()];
                        din.readFully(got);
                        DataOutputStream dout = new DataOutputStream(in.getOutputStream());
                        dout.writeInt(fromA.length);
                        dout.write(fromA);
                        dout.flush();
                        return got;
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                long c0 = System.nanoTime();
                try (I2PSocket out = b.connect(a.destination(), 30_000)) {
                    System.out.printf("connect: %d ms%n", (System.nanoTime() - c0) / 1_000_000);
                    DataOutputStream dout = new DataOutputStream(out.getOutputStream());
                    dout.writeInt(fromB.length);
                    dout.write(fromB);
                    dout.flush();
                    DataInputStream din = new DataInputStream(out.getInputStream());
                    byte[] reply = new byte[din.readInt()];
                    din.readFully(reply);
                    assertArrayEquals(fromA, reply, "A → B");
                }
                byte[] got = server.get(60, TimeUnit.SECONDS);
                assertNotNull(got);
                assertArrayEquals(fromB, got, "B → A");
            }
        } finally {
            router.stop(20_000);
        }
    }
}
