package org.p2pstack.ipfs.internal.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.ipfs.AddOptions;
import org.p2pstack.ipfs.internal.IpfsNode;

/** Bitswap 1.2.0 both ways with helia: byte-identical files, CIDv0 and CIDv1-raw-leaves. */
class BitswapInteropTest {

    private static final Duration T = Duration.ofSeconds(180);
    private static final int SIZE = 8 << 20;

    @TempDir
    Path dir;

    @Test
    void weFetchFromHeliaAndHeliaFetchesFromUs() {
        assertTimeoutPreemptively(T, () -> {
            try (NodeJs js = NodeJs.start("peer.mjs");
                    IpfsNode ours = new IpfsNode(new IpfsNode.Settings(dir.resolve("ours"), "127.0.0.1", 0, List.of(),
                            Duration.ofSeconds(30), Duration.ZERO))) {
                ours.start();
                js.await("peer ", T);
                String jsAddr = js.await("listen ", T);
                ours.connect(jsAddr, Duration.ofSeconds(10));

                Random rnd = new Random(77);
                for (String profile : new String[] {"v0", "v1"}) {
                    // helia → us
                    byte[] data = new byte[SIZE + rnd.nextInt(1000)];
                    rnd.nextBytes(data);
                    Path f = dir.resolve("from-helia-" + profile);
                    Files.write(f, data);
                    js.send("add " + profile + " " + f);
                    String cid = js.await("ok ", T);
                    long t0 = System.nanoTime();
                    byte[] got;
                    try (InputStream in = ours.cat(cid)) {
                        got = in.readAllBytes();
                    }
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("BitswapInteropTest: helia->ours %s %d bytes in %.2f s = %.1f MiB/s%n", profile,
                            data.length, s, data.length / s / (1 << 20));
                    assertArrayEquals(data, got, "helia->ours " + profile);

                    // us → helia
                    byte[] mine = new byte[SIZE + rnd.nextInt(1000)];
                    rnd.nextBytes(mine);
                    String myCid = ours.add(new java.io.ByteArrayInputStream(mine),
                            profile.equals("v0") ? AddOptions.KUBO : AddOptions.KUBO_CID_V1);
                    Path out = dir.resolve("to-helia-" + profile);
                    t0 = System.nanoTime();
                    js.send("cat " + myCid + " " + out);
                    String n = js.await("", T);
                    s = (System.nanoTime() - t0) / 1e9;
                    assertEquals("ok " + mine.length, n, js.stderr());
                    System.out.printf("BitswapInteropTest: ours->helia %s %d bytes in %.2f s = %.1f MiB/s%n", profile,
                            mine.length, s, mine.length / s / (1 << 20));
                    assertArrayEquals(mine, Files.readAllBytes(out), "ours->helia " + profile);
                }
                assertTrue(ours.peers().size() >= 1);
            }
        });
    }
}
