package org.p2pstack.ipfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.annotation.Annotation;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.ipfs.AddOptions;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.node.TestNodeEnvironment;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.status.StackStatus;

/** The DS component as SCR would build it: data dir and shifted port from NodeEnvironment, status for /api/status. */
class IpfsComponentTest {

    @TempDir
    Path dir;

    private IpfsConfig config(int port) {
        return config(port, false, 10);
    }

    private IpfsConfig config(int port, boolean lanDiscovery, int lanInterval) {
        return new IpfsConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return IpfsConfig.class;
            }

            @Override
            public String listenHost() {
                return "127.0.0.1";
            }

            @Override
            public int listenPort() {
                return port;
            }

            @Override
            public String[] bootstrap() {
                return new String[0];
            }

            @Override
            public int fetchTimeoutSeconds() {
                return 1;
            }

            @Override
            public int reprovideIntervalHours() {
                return 0;
            }

            @Override
            public boolean lanDiscovery() {
                return lanDiscovery;
            }

            @Override
            public int lanDiscoveryIntervalSeconds() {
                return lanInterval;
            }
        };
    }

    /**
     * LAN discovery is on for users unless the .cfg says false; a node kept on this computer has it only when the .cfg
     * sets it itself, and then only on test network interfaces. (SCR reads an unset boolean as false: only the raw
     * properties tell "unset" from "false".)
     */
    @Test
    void lanDiscoveryIsOnForUsersAndOnlyExplicitlyOnATestNetwork() throws Exception {
        java.util.Map<String, Object> unset = java.util.Map.of();
        var user = IpfsComponent.lanDiscovery(config(0, false, 10), unset, false);
        assertEquals(java.time.Duration.ofSeconds(10), user.interval());
        assertTrue(user.usable().test(java.net.InetAddress.getByName("192.168.1.20")));
        assertEquals(null, IpfsComponent.lanDiscovery(config(0, false, 10), java.util.Map.of("lanDiscovery", false), false));

        assertEquals(null, IpfsComponent.lanDiscovery(config(0, false, 10), unset, true));
        var test = IpfsComponent.lanDiscovery(config(0, true, 2), java.util.Map.of("lanDiscovery", true), true);
        assertEquals(java.time.Duration.ofSeconds(2), test.interval());
        assertTrue(test.usable().test(java.net.InetAddress.getByName("198.19.7.10")));
        assertFalse(test.usable().test(java.net.InetAddress.getByName("192.168.1.20")));
        assertFalse(test.usable().test(java.net.InetAddress.getByName("127.0.0.1")));
        assertEquals(null, IpfsComponent.lanDiscovery(config(0, false, 2), java.util.Map.of("lanDiscovery", false), true));

        // the interval stays within 1 s .. 1 h
        assertEquals(java.time.Duration.ofSeconds(1), IpfsComponent.lanDiscovery(config(0, true, 0), unset, false).interval());
        assertEquals(java.time.Duration.ofHours(1), IpfsComponent.lanDiscovery(config(0, true, Integer.MAX_VALUE), unset, false).interval());
    }

    @Test
    void bootstrapAsKarafCfgWritesIt() {
        String a = "/ip4/127.0.0.1/tcp/1/p2p/12D3KooWHhmq7u9ohxyu5d2QZNXNguvC8h2urgCfE3af8K9H9t2N";
        String b = "/dnsaddr/bootstrap.example/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN";
        assertEquals(java.util.List.of(a, b), IpfsComponent.bootstrapList(new String[] {a + ",   " + b}));
        assertEquals(java.util.List.of(a, b), IpfsComponent.bootstrapList(new String[] {a, b}));
        assertEquals(java.util.List.of(a), IpfsComponent.bootstrapList(new String[] {"[\"" + a + "\"]"}));
        assertEquals(java.util.List.of(), IpfsComponent.bootstrapList(new String[] {"[]", ""}));
    }

    @Test
    void aLocalNetworkNodeDialsOnlyBootstrapPeersOnLoopbackOrTheTestNetwork() {
        assertTrue(IpfsComponent.isLocalNetwork("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWHhmq7u9ohxyu5d2QZNXNguvC8h2urgCfE3af8K9H9t2N"));
        assertTrue(IpfsComponent.isLocalNetwork("/ip6/::1/tcp/4001"));
        assertTrue(IpfsComponent.isLocalNetwork("/ip4/198.18.0.10/tcp/4001"));
        assertTrue(IpfsComponent.isLocalNetwork("/ip4/198.19.2.10/tcp/4001"));
        assertFalse(IpfsComponent.isLocalNetwork("/ip4/198.20.0.1/tcp/4001"));
        assertFalse(IpfsComponent.isLocalNetwork("/ip4/10.0.0.1/tcp/4001"));
        assertFalse(IpfsComponent.isLocalNetwork("/ip4/104.131.131.82/tcp/4001/p2p/QmaCpDMGvV2BGHeYERUEnRQAwe3N8SzbUtfsmvsqQLuvuJ"));
        assertFalse(IpfsComponent.isLocalNetwork("/dnsaddr/bootstrap.libp2p.io/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN"));
        assertFalse(IpfsComponent.isLocalNetwork("/ip4/1270.0.0.1/tcp/1"));
        assertFalse(IpfsComponent.isLocalNetwork("/ip4/198.18.0.256/tcp/1"));
    }

    @Test
    void statusIdentityAndPortOffset() throws Exception {
        int base;
        try (ServerSocket s = new ServerSocket(0)) {
            base = s.getLocalPort() - 7; // free after close, 7 below is what the offset adds back
        }
        int offset = 7;
        NodeEnvironment env = new TestNodeEnvironment(dir, offset, true);
        IpfsComponent c = new IpfsComponent(env, config(base));
        try {
            assertEquals("ipfs", c.stackName());
            StackStatus st = c.status();
            assertEquals(StackState.RUNNING, st.state(), st.message());
            String peerId = (String) st.details().get("peerId");
            assertTrue(peerId.startsWith("12D3KooW"));
            assertEquals(peerId, c.identity().get("ipfsPeerId"));
            assertTrue(((String) st.details().get("listenAddresses")).contains("/tcp/" + (base + offset) + "/p2p/" + peerId),
                    st.details().toString());
            assertEquals(0, st.details().get("peers"));
            String cid = c.add(new ByteArrayInputStream("hello".getBytes()), AddOptions.KUBO);
            assertEquals(java.util.Set.of(cid), c.pins());

            // a closed listener is a problem the supervisor sees, and repair reopens the same port
            assertTrue(c.problem().isEmpty());
            c.injectFault();
            assertEquals(java.util.Optional.of("The IPFS listener stopped"), c.problem());
            assertEquals(StackState.FAILED, c.status().state());
            // the old socket's port is free once its accept thread has left (the supervisor waits 1 s anyway)
            for (int attempt = 0; ; attempt++) {
                try {
                    c.repair();
                    break;
                } catch (java.io.IOException busy) {
                    if (attempt == 50) {
                        throw busy;
                    }
                    Thread.sleep(100);
                }
            }
            assertTrue(c.problem().isEmpty());
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", base + offset)) {
                assertTrue(socket.isConnected());
            }
        } finally {
            c.deactivate();
        }
        // the identity persists in dataDir("ipfs")
        IpfsComponent again = new IpfsComponent(env, config(base));
        try {
            assertEquals(c.identity(), again.identity());
        } finally {
            again.deactivate();
        }
    }

    /** A read waits for a block at least 1 s and never longer than MAX_FETCH_TIMEOUT, whatever the .cfg says. */
    @Test
    void fetchTimeoutIsBounded() {
        assertEquals(java.time.Duration.ofSeconds(1), IpfsComponent.fetchTimeout(0));
        assertEquals(java.time.Duration.ofSeconds(30), IpfsComponent.fetchTimeout(30));
        assertEquals(IpfsComponent.MAX_FETCH_TIMEOUT, IpfsComponent.fetchTimeout(Integer.MAX_VALUE));
    }
}
