package org.p2pstack.i2p.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import net.i2p.crypto.CertUtil;
import net.i2p.crypto.SelfSignedGenerator;
import net.i2p.crypto.SigType;
import net.i2p.data.DataHelper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.node.TestNodeEnvironment;

/** {@code reseed.url} and {@code reseed.certificates}: which reseed servers a node's router may use, and whom it trusts. */
class ReseedSettingsTest {

    @TempDir
    Path dir;

    private I2pSettings settings(boolean localNetworkOnly, Map<String, Object> config) {
        return I2pSettings.from(I2pComponentTest.config(config), new TestNodeEnvironment(dir, 0, localNetworkOnly));
    }

    @Test
    void localNodeUsesAServerOfItsTestNetwork() {
        I2pSettings s = settings(true, Map.of("reseed_url", "https://198.18.0.20:8443/"));
        assertTrue(s.reseed());
        Properties p = RouterProperties.of(s);
        assertEquals("false", p.getProperty("router.reseedDisable"));
        assertEquals("https://198.18.0.20:8443/", p.getProperty("i2p.reseedURL"));
        assertEquals("true", p.getProperty("router.reseedSSLRequired"));
        assertEquals("false", p.getProperty("router.reseedSSLDisable"));
    }

    @Test
    void urlsAreCutToTheBaseUrlsTheRouterAppendsTheFileTo() {
        Properties p = RouterProperties.of(settings(true,
                Map.of("reseed_url", " https://198.18.0.20:8443/i2pseeds.su3, HTTPS://127.0.0.1:8444 http://[::1]:80/x")));
        assertEquals("https://198.18.0.20:8443/,https://127.0.0.1:8444/,http://[::1]:80/x/", p.getProperty("i2p.reseedURL"));
        // a plain http server is used only when the router does not insist on https
        assertEquals("false", p.getProperty("router.reseedSSLRequired"));
    }

    @Test
    void localNodeRefusesPublicServers() {
        for (String url : List.of("https://reseed.i2p-projekt.de/", "https://8.8.8.8/", "https://198.20.0.1/",
                "https://198.18.0.20:8443/,https://reseed.stormycloud.org/")) {
            I2pSettings s = settings(true, Map.of("reseed_url", url));
            assertFalse(s.reseed(), url);
            assertEquals(List.of(), s.reseedUrls(), url);
            Properties p = RouterProperties.of(s);
            assertEquals("true", p.getProperty("router.reseedDisable"), url);
            for (String k : RouterProperties.OPTIONAL_KEYS) {
                assertNull(p.getProperty(k), url + " " + k);
            }
        }
    }

    @Test
    void internetNodeUsesAnyServer() {
        Properties p = RouterProperties.of(settings(false, Map.of("reseed_url", "https://reseed.example.org/")));
        assertEquals("false", p.getProperty("router.reseedDisable"));
        assertEquals("https://reseed.example.org/", p.getProperty("i2p.reseedURL"));
    }

    @Test
    void reseedFalseStillWins() {
        Properties p = RouterProperties.of(settings(true, Map.of("reseed_url", "https://127.0.0.1:8443/", "reseed", false)));
        assertEquals("true", p.getProperty("router.reseedDisable"));
        assertNull(p.getProperty("i2p.reseedURL"));
    }

    @Test
    void unsetChangesNothing() {
        I2pSettings local = settings(true, Map.of());
        assertFalse(local.reseed());
        assertNull(local.reseedCertificates());
        Properties lp = RouterProperties.of(local);
        assertEquals("true", lp.getProperty("router.reseedDisable"));

        I2pSettings internet = settings(false, Map.of("reseed_url", " ", "reseed_certificates", ""));
        assertTrue(internet.reseed());
        assertNull(internet.reseedCertificates());
        Properties ip = RouterProperties.of(internet);
        assertEquals("false", ip.getProperty("router.reseedDisable"));
        for (String k : RouterProperties.OPTIONAL_KEYS) {
            assertNull(lp.getProperty(k), k);
            assertNull(ip.getProperty(k), k);
        }
        // the shape tests and benchmarks build has no servers of its own either
        assertEquals(RouterProperties.of(RouterPropertiesTest.internet(dir.resolve("i2p"))),
                RouterProperties.of(new I2pSettings(I2pSettings.Mode.EMBEDDED, dir.resolve("i2p"), "", 7654, false,
                        23457, "", true, 512, 256, 50, 3, 3, 2, true, 2, true, 8182, true, 4444, 8181, null, null, null, false)));
    }

    @Test
    void invalidUrlsAreRefusedWithTheReason() {
        for (String url : List.of("ftp://198.18.0.20/", "https:///i2pseeds.su3", "https://198.18.0.20/?netid=3",
                "https://user@198.18.0.20/", "198.18.0.20:8443", "https://198.18.0.20/ a b")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> settings(true, Map.of("reseed_url", url)), url);
            assertTrue(e.getMessage().startsWith("reseed.url: "), e.getMessage());
        }
        String many = "https://127.0.0.1/,".repeat(ReseedServers.MAX_URLS + 1);
        assertThrows(IllegalArgumentException.class, () -> settings(true, Map.of("reseed_url", many)));
    }

    @Test
    void removedServersLeaveRouterConfig() throws Exception {
        Path cfg = dir.resolve("router.config");
        Properties first = RouterProperties.of(settings(true, Map.of("reseed_url", "https://127.0.0.1:8443/")));
        EmbeddedRouter.writeConfig(cfg, first, RouterProperties.OPTIONAL_KEYS);
        Properties then = RouterProperties.of(settings(true, Map.of()));
        EmbeddedRouter.writeConfig(cfg, then, RouterProperties.OPTIONAL_KEYS);
        Properties back = new Properties();
        DataHelper.loadProps(back, cfg.toFile());
        assertNull(back.getProperty("i2p.reseedURL"));
        assertNull(back.getProperty("router.reseedSSLRequired"));
        assertEquals("true", back.getProperty("router.reseedDisable"));
    }

    @Test
    void certificatesGoWhereTheRouterLooksForThem() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Object[] signer = SelfSignedGenerator.generate("testbed@p2pstack.invalid", null, null, null, null, null, 30,
                SigType.ECDSA_SHA256_P256);
        assertTrue(CertUtil.saveCert((X509Certificate) signer[2], certs.resolve("testbed_at_p2pstack.invalid.crt").toFile()));
        Files.writeString(certs.resolve("README.txt"), "not a certificate, not copied");
        Path routerDir = dir.resolve("router");

        assertEquals(1, EmbeddedRouter.installTrustedCertificates(certs, routerDir));
        for (String folder : List.of("reseed", "ssl")) {
            Path copy = routerDir.resolve("certificates").resolve(folder).resolve("testbed_at_p2pstack.invalid.crt");
            assertEquals(signer[2], CertUtil.loadCert(copy.toFile()), folder);
            assertFalse(Files.exists(copy.resolveSibling("README.txt")), folder);
        }

        Files.writeString(certs.resolve("broken.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        IOException broken = assertThrows(IOException.class, () -> EmbeddedRouter.installTrustedCertificates(certs, routerDir));
        assertTrue(broken.getMessage().contains("broken.crt is not an X.509 certificate"), broken.getMessage());
        IOException missing = assertThrows(IOException.class,
                () -> EmbeddedRouter.installTrustedCertificates(dir.resolve("nowhere"), routerDir));
        assertTrue(missing.getMessage().endsWith("nowhere is not a folder"), missing.getMessage());
    }
}
