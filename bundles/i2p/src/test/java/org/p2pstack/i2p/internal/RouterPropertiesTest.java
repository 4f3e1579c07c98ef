package org.p2pstack.i2p.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import net.i2p.data.DataHelper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterPropertiesTest {

    @TempDir
    Path dir;

    static I2pSettings internet(Path dir) {
        return new I2pSettings(I2pSettings.Mode.EMBEDDED, dir, "", 7654, false, 23457, "", true, 512, 256, 50, 3, 3,
                2, true, 2, true, 8182, true, 4444, 8181);
    }

    @Test
    void theFloodfillRoleIsTheRoutersOwnUnlessFixed() {
        assertNull(RouterProperties.of(internet(dir)).getProperty("router.floodfillParticipant"), "auto: the router decides");
        I2pSettings s = internet(dir);
        for (Boolean role : new Boolean[] { Boolean.TRUE, Boolean.FALSE }) {
            I2pSettings fixed = new I2pSettings(s.mode(), s.dataDir(), s.i2cpHost(), s.i2cpPort(), s.exposeI2cp(),
                    s.routerPort(), s.routerHost(), s.upnp(), s.bandwidthInKBps(), s.bandwidthOutKBps(), s.sharePercent(),
                    s.inboundLength(), s.outboundLength(), s.tunnelQuantity(), s.reseed(), s.networkId(), s.serverEnabled(),
                    s.publicPort(), s.proxyEnabled(), s.proxyPort(), s.privatePort(), s.reseedUrls(), s.reseedCertificates(), role, false);
            assertEquals(role.toString(), RouterProperties.of(fixed).getProperty("router.floodfillParticipant"));
        }
        assertNull(I2pSettings.floodfill(" Auto "));
        assertEquals(Boolean.TRUE, I2pSettings.floodfill("true"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> I2pSettings.floodfill("yes"));
        assertEquals("floodfill must be auto, true or false, not yes", bad.getMessage());
    }

    @Test
    void internetDefaults() {
        Properties p = RouterProperties.of(internet(dir));
        assertEquals("2", p.getProperty("router.networkID"));
        assertEquals("false", p.getProperty("router.reseedDisable"));
        assertEquals("23457", p.getProperty("i2np.ntcp.port"));
        assertEquals("23457", p.getProperty("i2np.udp.port"));
        assertEquals("true", p.getProperty("i2cp.disableInterface"));
        assertEquals("256", p.getProperty("i2np.bandwidth.outboundKBytesPerSecond"));
        assertEquals(RouterProperties.NAMING_IMPL, p.getProperty("i2p.naming.impl"));
        assertNull(p.getProperty("i2np.allowLocal"));
        assertNull(p.getProperty("i2np.ntcp.hostname"));
        assertEquals(dir.resolve("router").toAbsolutePath().toString(), p.getProperty("i2p.dir.config"));
    }

    @Test
    void loopbackTestnet() throws Exception {
        I2pSettings s = TestNodes.embedded(dir, 8182, true, 1);
        Properties p = RouterProperties.of(s);
        assertEquals("127.0.0.1", p.getProperty("i2np.ntcp.hostname"));
        assertEquals("true", p.getProperty("i2np.allowLocal"));
        assertEquals("false", p.getProperty("i2np.ntcp.autoip"));
        assertEquals("false", p.getProperty("i2cp.disableInterface"));
        assertEquals("127.0.0.1", p.getProperty("i2cp.hostname"));
        assertEquals(Integer.toString(TestNodes.TEST_NETWORK), p.getProperty("router.networkID"));
    }

    /** Behind a NAT the router announces what its peers find (or introducers), never its own address. */
    @Test
    void behindANatTheBoundAddressIsNotAnnounced() throws Exception {
        I2pSettings s = TestNodes.embedded(dir, 8182, true, 1);
        I2pSettings natted = new I2pSettings(s.mode(), s.dataDir(), s.i2cpHost(), s.i2cpPort(), s.exposeI2cp(),
                s.routerPort(), "198.19.1.10", s.upnp(), s.bandwidthInKBps(), s.bandwidthOutKBps(), s.sharePercent(),
                s.inboundLength(), s.outboundLength(), s.tunnelQuantity(), s.reseed(), s.networkId(), s.serverEnabled(),
                s.publicPort(), s.proxyEnabled(), s.proxyPort(), s.privatePort(), s.reseedUrls(), s.reseedCertificates(),
                null, true);
        Properties p = RouterProperties.of(natted);
        // a router takes the address it is bound to for its own, announces it, and its peers refuse it ("IP mismatch")
        assertNull(p.getProperty("i2np.udp.bindInterface"));
        assertNull(p.getProperty("i2np.ntcp.bindInterface"));
        assertNull(p.getProperty("i2np.udp.host"), "SSU2 finds the address peers see");
        assertNull(p.getProperty("i2np.ntcp.hostname"));
        assertEquals("true", p.getProperty("i2np.ntcp.autoip"), "NTCP2 announces what SSU2 found");
        assertEquals("ssu", p.getProperty("i2np.udp.addressSources"), "not the interface's own address");
        assertEquals("true", p.getProperty("i2np.allowLocal"), "a test network's addresses count");
        // and a router that announced its address before forgets it (router.config keeps what it was given)
        assertTrue(RouterProperties.removable().containsAll(java.util.List.of("i2np.udp.host", "i2np.ntcp.hostname")));
    }

    @Test
    void configMergeKeepsRouterSettings() throws Exception {
        Path cfg = dir.resolve("router.config");
        Files.writeString(cfg, "router.firstVersion=2.7.0\nrouter.networkID=5\n");
        Properties ours = new Properties();
        ours.setProperty("router.networkID", "97");
        EmbeddedRouter.writeConfig(cfg, ours);
        Properties back = new Properties();
        DataHelper.loadProps(back, cfg.toFile());
        assertEquals("2.7.0", back.getProperty("router.firstVersion"));
        assertEquals("97", back.getProperty("router.networkID"));
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new I2pSettings(I2pSettings.Mode.EMBEDDED, dir, "", 0,
                false, 1, "", true, 512, 256, 50, 3, 3, 2, true, 2, true, 8182, true, 4444, 8181));
        assertThrows(IllegalArgumentException.class, () -> new I2pSettings(I2pSettings.Mode.EMBEDDED, dir, "", 1,
                false, 1, "", true, 512, 256, 50, 9, 3, 2, true, 2, true, 8182, true, 4444, 8181));
        assertThrows(IllegalArgumentException.class, () -> I2pSettings.Mode.parse("cloud"));
    }
}
