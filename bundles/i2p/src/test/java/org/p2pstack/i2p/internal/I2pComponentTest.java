package org.p2pstack.i2p.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.i2p.I2pState;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.node.TestNodeEnvironment;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.status.StackStatus;

/** The DS component outside OSGi: configuration and node environment in, status and identity out. */
class I2pComponentTest {

    @TempDir
    Path dir;

    /** An I2pConfig with the annotation's defaults, some replaced. */
    static I2pConfig config(Map<String, Object> overrides) {
        return (I2pConfig) Proxy.newProxyInstance(I2pConfig.class.getClassLoader(), new Class<?>[] {I2pConfig.class},
                (p, m, a) -> overrides.containsKey(m.getName()) ? overrides.get(m.getName()) : m.getDefaultValue());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void startsReportsAndStops() throws Exception {
        int offset = TestNodes.freePort() - 4444;
        NodeEnvironment env = new TestNodeEnvironment(dir, offset, false);
        I2pConfig cfg = config(Map.of("router_host", "127.0.0.1", "reseed", false, "network_id", TestNodes.TEST_NETWORK,
                "upnp", false, "tunnel_inbound_length", 0, "tunnel_outbound_length", 0,
                "router_port", TestNodes.freePort()));
        I2pComponent c = new I2pComponent(env, cfg);
        try {
            StackStatus first = c.status();
            assertEquals("i2p", first.stack());
            long end = System.currentTimeMillis() + 90_000;
            while (c.state() != I2pState.READY && c.state() != I2pState.FAILED && System.currentTimeMillis() < end) {
                Thread.sleep(100);
            }
            StackStatus st = c.status();
            assertEquals(StackState.RUNNING, st.state(), st.message());
            assertEquals("Ready", st.message());
            assertEquals(4444 + offset, st.details().get("proxyPort"));
            assertEquals(true, st.details().get("proxyRunning"));
            assertEquals("127.0.0.1:" + (8182 + offset), st.details().get("serverTunnelTarget"));
            String b32 = c.identity().get("b32");
            assertTrue(b32 != null && b32.endsWith(".b32.i2p"), String.valueOf(b32));
            assertEquals(b32, c.ownDestination().orElseThrow().b32());
            Path keys = dir.resolve("i2p").resolve("destination.keys");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        } finally {
            c.deactivate();
        }
        assertEquals(I2pState.STOPPED, c.state());
    }
}
