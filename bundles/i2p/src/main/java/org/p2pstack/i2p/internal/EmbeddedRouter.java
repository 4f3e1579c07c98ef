package org.p2pstack.i2p.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import net.i2p.data.DataHelper;
import net.i2p.router.Router;
import net.i2p.router.RouterContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An I2P router running inside this JVM, with all its files under one directory. Start writes
 * {@code router.config} first (the router reads {@code router.networkID} only from there), copies the
 * reseed certificates shipped in the bundle and those of {@code reseed.certificates}, and never lets the router
 * exit the JVM.
 */
public final class EmbeddedRouter {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRouter.class);

    /** Reseed signer certificates shipped inside the bundle (listed in {@code index.txt}). */
    static final String RESEED_CERT_RESOURCES = "/i2p/certificates/reseed/";

    /** Longest wait for the router's client manager after start. */
    static final long CLIENT_MANAGER_WAIT_MILLIS = 120_000;

    /** Bounds of a {@code reseed.certificates} folder: number of {@code .crt} files, size of one. */
    static final int MAX_TRUSTED_CERTIFICATES = 64;
    static final long MAX_CERTIFICATE_BYTES = 64 * 1024;

    private final I2pSettings settings;
    private final Properties extra;
    private volatile Router router;

    public EmbeddedRouter(I2pSettings settings) {
        this(settings, new Properties());
    }

    /** With router properties added on top of the derived ones (private test networks). */
    public EmbeddedRouter(I2pSettings settings, Properties extra) {
        this.settings = settings;
        this.extra = extra;
    }

    /** Prepares the directory and starts the router; returns once its threads run (tunnels come later). */
    public synchronized RouterContext start() throws IOException {
        if (router != null) {
            return router.getContext();
        }
        if (System.getProperty("I2P_DISABLE_OUTPUT_OVERRIDE") == null) {
            // without it the router replaces System.out and System.err of the whole JVM
            System.setProperty("I2P_DISABLE_OUTPUT_OVERRIDE", "true");
        }
        Path dir = settings.routerDir();
        Files.createDirectories(dir);
        GlobalContext.ensure(settings.dataDir().resolve("global"));
        Properties props = RouterProperties.of(settings);
        props.putAll(extra);
        Path config = dir.resolve("router.config");
        writeConfig(config, props, RouterProperties.removable());
        installReseedCertificates(dir);
        if (settings.reseedCertificates() != null) {
            int n = installTrustedCertificates(settings.reseedCertificates(), dir);
            LOG.info("Trusting {} reseed certificates from {}", n, settings.reseedCertificates());
        }
        Router r = new Router(config.toString(), props);
        r.setKillVMOnEnd(false);
        router = r;
        r.runRouter();
        RouterContext ctx = r.getContext();
        long end = System.currentTimeMillis() + CLIENT_MANAGER_WAIT_MILLIS;
        // runRouter() returns while the router's services still start; clients need the client manager
        while (ctx.clientManager() == null || !ctx.clientManager().isAlive()) {
            if (System.currentTimeMillis() > end) {
                throw new IOException("the I2P router did not start its client manager within "
                        + CLIENT_MANAGER_WAIT_MILLIS / 1000 + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the router starts");
            }
        }
        LOG.info("I2P router started in {} (network {}, port {})", dir, settings.networkId(), settings.routerPort());
        return ctx;
    }

    /** Merges our settings into the existing {@code router.config}, keeping what the router saved itself. */
    static void writeConfig(Path config, Properties ours) throws IOException {
        writeConfig(config, ours, List.of());
    }

    /** The same, and removes the keys of {@code ours} (by name in {@code owned}) that {@code ours} no longer sets. */
    static void writeConfig(Path config, Properties ours, Collection<String> owned) throws IOException {
        Properties merged = new Properties();
        if (Files.exists(config)) {
            DataHelper.loadProps(merged, config.toFile());
        }
        for (String k : owned) {
            if (!ours.containsKey(k)) {
                merged.remove(k);
            }
        }
        merged.putAll(ours);
        Path tmp = config.resolveSibling(config.getFileName() + ".tmp");
        DataHelper.storeProps(merged, tmp.toFile());
        Files.move(tmp, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void installReseedCertificates(Path dir) throws IOException {
        try (InputStream index = EmbeddedRouter.class.getResourceAsStream(RESEED_CERT_RESOURCES + "index.txt")) {
            if (index == null) {
                LOG.warn("No reseed certificates in the bundle: reseeding cannot verify any server");
                return;
            }
            Path target = dir.resolve("certificates").resolve("reseed");
            Files.createDirectories(target);
            List<String> names = new String(index.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines().map(String::trim).filter(s -> s.endsWith(".crt") && !s.contains("/")).toList();
            for (String name : names) {
                try (InputStream in = EmbeddedRouter.class.getResourceAsStream(RESEED_CERT_RESOURCES + name)) {
                    if (in != null) {
                        Files.copy(in, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            LOG.debug("Installed {} reseed certificates", names.size());
        }
    }

    /**
     * Copies the {@code .crt} files of {@code from} into the router's {@code certificates/reseed/} and
     * {@code certificates/ssl/}: I2P verifies an su3 signer with {@code certificates/reseed/<signer, @ as _at_>.crt}
     * and trusts HTTPS servers whose certificate is in {@code certificates/ssl/} (base and config directory, both
     * {@code routerDir} here). A file that is not an X.509 certificate is refused rather than ignored by the router.
     *
     * @return the number of certificates copied
     */
    static int installTrustedCertificates(Path from, Path routerDir) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IOException("reseed.certificates: " + from.toAbsolutePath() + " is not a folder");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(from)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".crt") && Files.isRegularFile(f))
                    .sorted().limit(MAX_TRUSTED_CERTIFICATES + 1L).toList();
        }
        if (files.size() > MAX_TRUSTED_CERTIFICATES) {
            throw new IOException("reseed.certificates: more than " + MAX_TRUSTED_CERTIFICATES + " .crt files in " + from);
        }
        Path reseed = Files.createDirectories(routerDir.resolve("certificates").resolve("reseed"));
        Path ssl = Files.createDirectories(routerDir.resolve("certificates").resolve("ssl"));
        for (Path f : files) {
            byte[] pem;
            try (InputStream in = Files.newInputStream(f)) {
                pem = in.readNBytes((int) MAX_CERTIFICATE_BYTES + 1);
            }
            if (pem.length > MAX_CERTIFICATE_BYTES) {
                throw new IOException("reseed.certificates: " + f + " is larger than " + MAX_CERTIFICATE_BYTES / 1024
                        + " KiB, not a certificate");
            }
            try {
                CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(pem));
            } catch (GeneralSecurityException e) {
                throw new IOException("reseed.certificates: " + f + " is not an X.509 certificate (" + e.getMessage() + ")");
            }
            String name = f.getFileName().toString();
            Files.write(reseed.resolve(name), pem);
            Files.write(ssl.resolve(name), pem);
        }
        return files.size();
    }

    /** The running router, or null. */
    public Router router() {
        return router;
    }

    /** The router's context, or null before start. */
    public RouterContext context() {
        Router r = router;
        return r == null ? null : r.getContext();
    }

    /**
     * Stops the router: clients must be closed first. The router saves its state (netDb, peer profiles,
     * config) and removes its ping file; {@code waitMillis} bounds how long we wait for its threads.
     */
    public synchronized void stop(long waitMillis) {
        Router r = router;
        router = null;
        if (r == null) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                r.shutdown(Router.EXIT_HARD);
            } catch (RuntimeException e) {
                LOG.warn("I2P router shutdown failed", e);
            }
        }, "i2p-router-shutdown");
        t.setDaemon(true);
        t.start();
        try {
            t.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("I2P router did not stop within {} ms", waitMillis);
        } else {
            LOG.info("I2P router stopped");
        }
        try {
            GlobalContext.replaceIfCurrent(r.getContext(), settings.dataDir().resolve("global"));
        } catch (IOException e) {
            LOG.warn("could not replace I2P's global context: {}", e.toString());
        }
    }

    /** Plain-words router state for status pages. */
    public String describe() {
        Router r = router;
        if (r == null) {
            return "stopped";
        }
        if (r.gracefulShutdownInProgress() || r.isFinalShutdownInProgress()) {
            return "stopping";
        }
        if (!r.isAlive()) {
            return "starting";
        }
        // alive: services run; running: the router also has a network database and exploratory tunnels
        return r.isRunning() ? "running" : "integrating";
    }

}
