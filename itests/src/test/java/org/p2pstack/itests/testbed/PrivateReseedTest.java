package org.p2pstack.itests.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import net.i2p.crypto.CertUtil;
import net.i2p.crypto.SU3File;
import net.i2p.crypto.SelfSignedGenerator;
import net.i2p.crypto.SigType;
import net.i2p.data.Hash;
import net.i2p.data.router.RouterInfo;
import net.i2p.router.RouterContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.node.TestNodeEnvironment;
import org.p2pstack.i2p.internal.EmbeddedRouter;
import org.p2pstack.i2p.internal.I2pConfig;
import org.p2pstack.i2p.internal.I2pSettings;
import org.p2pstack.i2p.internal.LoopbackTestnet;

/**
 * Real I2P routers in this JVM, on 127.0.0.1 only: two seed routers run; {@link PrivateReseed} serves their
 * router infos; a router with an empty netDb, configured as a local-network node with {@code reseed.url} and
 * {@code reseed.certificates}, reseeds from it over HTTPS and then knows both. A router that trusts the server's
 * TLS certificate but holds another key's certificate under the signer's name fetches the bundle and refuses it.
 */
class PrivateReseedTest {

    /** Not the public network (2); the routers ask the server for this one. */
    static final int NETWORK = 97;
    static final long WAIT_MILLIS = 60_000;

    @TempDir
    Path dir;

    private final List<EmbeddedRouter> running = new ArrayList<>();

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void emptyRouterReseedsOverHttpsAndRefusesAnotherSigner() throws Exception {
        long t0 = System.nanoTime();
        try {
            // seed routers: reseed off, each writes its router info with addresses into its router.info
            List<Hash> seeds = new ArrayList<>();
            List<Path> netDbs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                I2pSettings s = node("seed" + i, Map.of());
                EmbeddedRouter r = start(s, LoopbackTestnet.routerProperties());
                Hash h = awaitPublished(r, s.routerDir().resolve("netDb"));
                seeds.add(h);
                netDbs.add(s.routerDir().resolve("netDb"));
            }
            log(t0, "2 seed routers published their router infos");

            Path certs = dir.resolve("reseed-certificates");
            try (PrivateReseed reseed = new PrivateReseed("127.0.0.1", 0, certs, netDbs, PrivateReseed.DEFAULT_SIGNER)) {
                log(t0, "reseed server at " + reseed.url());
                assertEquals("testbed_at_p2pstack.invalid.crt", reseed.signerCertificate().getFileName().toString());
                assertEquals(2, reseed.seeds(NETWORK).size());
                assertNull(reseed.bundle(NETWORK + 1), "no router of another network");

                I2pSettings fresh = node("fresh", Map.of("reseed_url", reseed.url().toString(),
                        "reseed_certificates", certs.toString()));
                assertTrue(fresh.reseed(), "a local-network node reseeds from a server on loopback");
                assertFalse(Files.exists(fresh.routerDir().resolve("netDb")), "the new router starts with no netDb");
                long r0 = System.nanoTime();
                EmbeddedRouter r = start(fresh, new Properties());
                RouterContext ctx = r.context();
                await("the new router knows both seed routers after reseeding",
                        () -> seeds.stream().allMatch(h -> ctx.netDb().lookupRouterInfoLocally(h) != null));
                log(r0, "empty router started → reseeded over HTTPS, knows " + ctx.netDb().getKnownRouters() + " routers");
                assertTrue(reseed.bundlesServed() >= 1);
                for (Hash h : seeds) {
                    assertTrue(Files.exists(routerInfoFile(fresh.routerDir().resolve("netDb"), h)), h.toBase64());
                }
                stop(r); // so that every bundle served from now on went to the next router

                // the server's TLS certificate, but under the signer's name a certificate of another key
                Path wrong = Files.createDirectories(dir.resolve("wrong-certificates"));
                Files.copy(reseed.tlsCertificate(), wrong.resolve(reseed.tlsCertificate().getFileName()));
                Object[] other = SelfSignedGenerator.generate(PrivateReseed.DEFAULT_SIGNER, null, null, null, null, null,
                        30, SigType.RSA_SHA512_4096);
                assertTrue(CertUtil.saveCert((X509Certificate) other[2],
                        wrong.resolve(reseed.signerCertificate().getFileName()).toFile()));
                int served = reseed.bundlesServed();
                I2pSettings doubtful = node("doubtful", Map.of("reseed_url", reseed.url().toString(),
                        "reseed_certificates", wrong.toString()));
                long d0 = System.nanoTime();
                EmbeddedRouter d = start(doubtful, new Properties());
                RouterContext dctx = d.context();
                await("the router with the wrong signer certificate fetches the bundle over HTTPS",
                        () -> reseed.bundlesServed() > served);
                await("it finishes reseeding", () -> !dctx.netDb().reseedChecker().inProgress());
                log(d0, "router with another signer's certificate: bundle fetched and refused (reseed error: "
                        + dctx.netDb().reseedChecker().getError().replaceAll("<[^>]+>", " ").strip() + ")");
                // the reason: the bundle's signature does not verify with the certificate this router holds
                Path su3 = Files.write(dir.resolve("bundle.su3"), reseed.bundle(NETWORK));
                assertFalse(new SU3File(dctx, su3.toFile()).verifyAndMigrate(dir.resolve("bundle.zip").toFile()));
                for (Hash h : seeds) {
                    assertNull(dctx.netDb().lookupRouterInfoLocally(h), "refused bundle, yet it knows " + h.toBase64());
                    assertFalse(Files.exists(routerInfoFile(doubtful.routerDir().resolve("netDb"), h)), h.toBase64());
                }
            }
        } finally {
            for (EmbeddedRouter r : List.copyOf(running)) {
                stop(r);
            }
            log(t0, "total");
        }
    }

    /** A local-network node's I2P settings, made as the component makes them. */
    private I2pSettings node(String name, Map<String, Object> config) throws IOException {
        Map<String, Object> c = new HashMap<>(config);
        c.put("router_host", "127.0.0.1");
        c.put("router_port", freePort());
        c.put("i2cp_port", freePort());
        c.put("proxy_port", freePort());
        c.put("network_id", NETWORK);
        I2pConfig cfg = (I2pConfig) Proxy.newProxyInstance(I2pConfig.class.getClassLoader(), new Class<?>[] {I2pConfig.class},
                (p, m, a) -> c.containsKey(m.getName()) ? c.get(m.getName()) : m.getDefaultValue());
        return I2pSettings.from(cfg, new TestNodeEnvironment(dir.resolve(name), 0, true));
    }

    private EmbeddedRouter start(I2pSettings s, Properties extra) throws IOException {
        EmbeddedRouter r = new EmbeddedRouter(s, extra);
        running.add(r);
        r.start();
        return r;
    }

    private void stop(EmbeddedRouter r) {
        running.remove(r);
        r.stop(20_000);
    }

    /** Waits until the router has written its info, with addresses, into its {@code router.info}. */
    private static Hash awaitPublished(EmbeddedRouter r, Path netDb) throws InterruptedException {
        RouterContext ctx = r.context();
        Path file = netDb.resolveSibling(PrivateReseed.OWN_ROUTER_INFO);
        await("a seed router writes its router info with addresses into " + file, () -> {
            try (var in = Files.newInputStream(file)) {
                RouterInfo ri = new RouterInfo();
                ri.readBytes(in, true);
                return !ri.getAddresses().isEmpty() && ri.getIdentity().calculateHash().equals(ctx.routerHash());
            } catch (Exception e) {
                return false; // not there yet, or being rewritten
            }
        });
        return ctx.routerHash();
    }

    private static Path routerInfoFile(Path netDb, Hash h) {
        String b64 = h.toBase64();
        return netDb.resolve("r" + b64.charAt(0)).resolve("routerInfo-" + b64 + ".dat");
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.currentTimeMillis() + WAIT_MILLIS;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("not within " + WAIT_MILLIS / 1000 + " s: " + what);
            }
            Thread.sleep(200);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void log(long since, String what) {
        System.out.printf("PrivateReseedTest: %s: %d ms%n", what, (System.nanoTime() - since) / 1_000_000);
    }
}
