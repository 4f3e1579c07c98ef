package org.p2pstack.i2p.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** Settings for nodes in tests: loopback only, no reseed, private network id, tunnels of 0 hops. */
final class TestNodes {

    /** Private network id used by the tests (never the public network's 2). */
    static final int TEST_NETWORK = 97;

    private TestNodes() {
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** An embedded node on loopback. */
    static I2pSettings embedded(Path dir, int publicPort, boolean exposeI2cp, int hops) throws IOException {
        return new I2pSettings(I2pSettings.Mode.EMBEDDED, dir, "127.0.0.1", freePort(), exposeI2cp, freePort(),
                "127.0.0.1", false, 4096, 4096, 80, hops, hops, 1, false, TEST_NETWORK, true, publicPort, true,
                freePort(), 8181);
    }

    /** The same node without server tunnel and proxy (a test accepts streams itself). */
    static I2pSettings withoutServer(I2pSettings s) {
        return new I2pSettings(s.mode(), s.dataDir(), s.i2cpHost(), s.i2cpPort(), s.exposeI2cp(), s.routerPort(),
                s.routerHost(), s.upnp(), s.bandwidthInKBps(), s.bandwidthOutKBps(), s.sharePercent(),
                s.inboundLength(), s.outboundLength(), s.tunnelQuantity(), s.reseed(), s.networkId(), false,
                s.publicPort(), false, s.proxyPort(), s.privatePort());
    }

    /** A node using another node's router over I2CP. */
    static I2pSettings external(Path dir, int i2cpPort, int publicPort) throws IOException {
        return new I2pSettings(I2pSettings.Mode.EXTERNAL, dir, "127.0.0.1", i2cpPort, false, freePort(),
                "127.0.0.1", false, 4096, 4096, 80, 0, 0, 1, false, TEST_NETWORK, true, publicPort, true,
                freePort(), 8181);
    }
}
