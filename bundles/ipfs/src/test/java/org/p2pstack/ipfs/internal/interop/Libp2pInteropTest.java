package org.p2pstack.ipfs.internal.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.p2pstack.ipfs.internal.crypto.Ed25519KeyPair;
import org.p2pstack.ipfs.internal.multiformats.Multiaddr;
import org.p2pstack.ipfs.internal.net.Connection;
import org.p2pstack.ipfs.internal.net.Libp2pHost;
import org.p2pstack.ipfs.internal.net.Identify;

/** TCP + multistream-select + Noise + yamux + identify + ping between our host and a helia/js-libp2p node, both ways. */
class Libp2pInteropTest {

    private static final Duration T = Duration.ofSeconds(60);

    @Test
    void weDialJsAndJsDialsUs() {
        assertTimeoutPreemptively(T, () -> {
            try (NodeJs js = NodeJs.start("peer.mjs");
                    Libp2pHost host = new Libp2pHost(Ed25519KeyPair.generate(new SecureRandom()), new SecureRandom(), "p2pstack-test/0")) {
                String jsPeer = js.await("peer ", T);
                Multiaddr jsAddr = Multiaddr.parse(js.await("listen ", T));
                InetSocketAddress bound = host.listen(new InetSocketAddress("127.0.0.1", 0));

                // we dial
                Connection c = host.dial(jsAddr, Duration.ofSeconds(10));
                assertEquals(jsPeer, c.remotePeer().toString());
                assertTrue(host.ping(c).toMillis() < 5000);
                Identify.Info info = host.awaitIdentify(c, Duration.ofSeconds(10));
                assertNotNull(info, "no identify from js");
                assertTrue(info.protocols().contains("/ipfs/ping/1.0.0"), info.protocols().toString());
                assertTrue(info.listenAddrs().contains(jsAddr.withoutPeer()), info.listenAddrs().toString());
                // js sees our identify
                String ours = host.peerId().toString();
                js.send("protocols " + ours);
                String proto = js.await("", T);
                assertTrue(proto.contains("/ipfs/ping/1.0.0") && proto.contains("p2pstack-test/0"), proto);
                c.close();

                // js dials us (a fresh connection) and pings
                Multiaddr me = Multiaddr.tcp(bound.getAddress(), bound.getPort()).withPeer(host.peerId());
                Thread.sleep(200);
                js.send("ping " + me);
                String pong = js.await("", T);
                assertTrue(pong.startsWith("ok "), pong);
                js.send("peers");
                String peers = js.await("ok ", T);
                assertTrue(peers.contains(ours), peers);
            }
        });
    }
}
