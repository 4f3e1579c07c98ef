package org.p2pstack.ipfs.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.ipfs.AddOptions;

/** How our Bitswap client spreads a DAG fetch over the peers that have it, and moves wants off peers that don't. */
class BitswapRoutingTest {

    private static final Duration T = Duration.ofSeconds(120);
    /** 16 MiB in 256 KiB chunks: 64 leaves and a root. */
    private static final int BLOCKS = 65;

    @TempDir
    Path dir;

    private static byte[] file() {
        byte[] data = new byte[16 << 20];
        new Random(11).nextBytes(data);
        return data;
    }

    private static byte[] cat(IpfsNode node, String cid) throws Exception {
        try (InputStream in = node.cat(cid)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aDagHeldByTwoPeersIsFetchedFromBothWithoutDuplicates() {
        assertTimeoutPreemptively(T, () -> {
            try (IpfsNode a = IpfsNodeTest.node(dir, "a", List.of()); IpfsNode b = IpfsNodeTest.node(dir, "b", List.of());
                    IpfsNode c = IpfsNodeTest.node(dir, "c", List.of())) {
                byte[] data = file();
                String cid = a.add(new ByteArrayInputStream(data), AddOptions.KUBO);
                assertEquals(cid, b.add(new ByteArrayInputStream(data), AddOptions.KUBO));
                c.connect(IpfsNodeTest.addr(a), Duration.ofSeconds(10));
                c.connect(IpfsNodeTest.addr(b), Duration.ofSeconds(10));

                assertArrayEquals(data, cat(c, cid));
                long fromA = a.bitswap().blocksSent();
                long fromB = b.bitswap().blocksSent();
                assertTrue(fromA >= 8 && fromB >= 8, "both seeders served a share: a=" + fromA + " b=" + fromB);
                assertTrue(c.bitswap().unsolicitedBlocks() <= BLOCKS / 10,
                        "blocks are asked of one peer each: " + c.bitswap().unsolicitedBlocks() + " duplicates; " + c.bitswap().stats());
            }
        });
    }

    @Test
    void aPeerThatLacksTheBlocksIsSkippedWithoutWaiting() {
        assertTimeoutPreemptively(T, () -> {
            try (IpfsNode empty = IpfsNodeTest.node(dir, "empty", List.of()); IpfsNode seeder = IpfsNodeTest.node(dir, "seeder", List.of());
                    IpfsNode c = IpfsNodeTest.node(dir, "c2", List.of())) {
                byte[] data = file();
                String cid = seeder.add(new ByteArrayInputStream(data), AddOptions.KUBO);
                c.connect(IpfsNodeTest.addr(empty), Duration.ofSeconds(10));
                c.connect(IpfsNodeTest.addr(seeder), Duration.ofSeconds(10));

                assertArrayEquals(data, cat(c, cid));
                assertEquals(0, empty.bitswap().blocksSent());
                assertEquals(BLOCKS, seeder.bitswap().blocksSent(), "every block once");
                // DONT_HAVE and HAVE answers routed every want: none waited for the rebroadcast timer
                assertEquals(0, c.bitswap().rebroadcastWants(), c.bitswap().stats());
            }
        });
    }
}
