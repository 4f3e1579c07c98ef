package org.p2pstack.ipfs.internal.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.ipfs.AddOptions;
import org.p2pstack.api.ipfs.PeerInfo;
import org.p2pstack.ipfs.internal.IpfsNode;
import org.p2pstack.ipfs.internal.multiformats.Cid;

/**
 * Kademlia /ipfs/kad/1.0.0 with @libp2p/kad-dht in server mode on loopback, no public bootstrap:
 * helia finds our node B as provider through our DHT server A (its GET_PROVIDERS against our server, our
 * ADD_PROVIDER between ours); our node C, bootstrapped from helia only, finds helia as provider of helia's content.
 */
class DhtInteropTest {

    private static final Duration T = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private IpfsNode node(String name, List<String> bootstrap) throws Exception {
        IpfsNode n = new IpfsNode(new IpfsNode.Settings(dir.resolve(name), "127.0.0.1", 0, bootstrap,
                Duration.ofSeconds(20), Duration.ZERO));
        n.start();
        return n;
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    @Test
    void providersFoundBothWays() {
        assertTimeoutPreemptively(T, () -> {
            try (NodeJs js = NodeJs.start("peer.mjs"); IpfsNode a = node("a", List.of())) {
                String jsPeer = js.await("peer ", T);
                String jsAddr = js.await("listen ", T);
                try (IpfsNode b = node("b", List.of(a.id().addresses().get(0)))) {
                    assertTrue(eventually(() -> b.dht().table().size() >= 1), "A never entered B's routing table");
                    byte[] x = new byte[1000];
                    new Random(1).nextBytes(x);
                    String cidX = b.add(new ByteArrayInputStream(x), AddOptions.KUBO_CID_V1);
                    assertTrue(b.provide(cidX, Duration.ofSeconds(10)) >= 1, "B told nobody");
                    // ADD_PROVIDER has no answer: wait until A has processed it
                    assertTrue(eventually(() -> a.dht().hasProviderRecord(Cid.parse(cidX), b.host().peerId())),
                            "A did not store B's record");

                    // helia connects to A only and asks the DHT
                    js.send("dial " + a.id().addresses().get(0));
                    assertTrue(js.await("", T).startsWith("ok "));
                    // helia adds A to its routing table once identify has run: ask again until it has
                    String answer = "";
                    for (int i = 0; i < 10 && !answer.equals("ok " + b.id().peerId()); i++) {
                        Thread.sleep(500);
                        js.send("findprovs " + cidX);
                        answer = js.await("", T);
                    }
                    assertEquals("ok " + b.id().peerId(), answer, js.stderr());

                    // helia provides its own content; C (bootstrapped from helia only) finds helia
                    Path f = dir.resolve("y");
                    Files.write(f, "content provided by helia".getBytes());
                    js.send("add v1 " + f);
                    String cidY = js.await("ok ", T);
                    js.send("provide " + cidY);
                    String provided = js.await("", T);
                    assertTrue(provided.startsWith("ok "), provided);
                    try (IpfsNode c = node("c", List.of(jsAddr))) {
                        assertTrue(eventually(() -> c.dht().table().size() >= 1), "helia never entered C's routing table");
                        List<PeerInfo> provs = c.findProviders(cidY, 3, Duration.ofSeconds(20));
                        assertTrue(provs.stream().anyMatch(p -> p.peerId().equals(jsPeer)), provs.toString());
                        // and fetches it from helia with bitswap
                        c.connect(jsAddr, Duration.ofSeconds(5));
                        try (var in = c.cat(cidY)) {
                            assertEquals("content provided by helia", new String(in.readAllBytes()));
                        }
                    }
                }
            }
        });
    }
}
