package org.p2pstack.itests.testbed;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import net.i2p.I2PAppContext;
import net.i2p.crypto.CertUtil;
import net.i2p.crypto.SU3File;
import net.i2p.crypto.SelfSignedGenerator;
import net.i2p.crypto.SigType;
import net.i2p.data.DataFormatException;
import net.i2p.data.router.RouterInfo;
import net.i2p.util.Addresses;

/**
 * A reseed server for a private I2P test network, made like the public ones: it signs {@code i2pseeds.su3}
 * (content type reseed: a zip of {@code routerInfo-<hash>.dat} files) with a key of its own and serves it over
 * HTTPS with a self-signed certificate for its IP address. Routers trust it through the two files it writes
 * into a certificates folder, a node's {@code reseed.certificates}: the signer's certificate
 * ({@code <signer, @ as _at_>.crt}, which I2P looks up in {@code certificates/reseed/}) and the server's
 * ({@code <host>.crt}, for {@code certificates/ssl/}). The keys live only in this process.
 *
 * <p>Every request builds a fresh bundle from the netDb folders it was given and the {@code router.info} beside
 * each (a router keeps its own info there, not in its netDb, and rewrites it once it knows its addresses), with
 * router infos that verify, carry addresses (an info without any makes routers ban it for "No transports") and
 * belong to the network the router asks for ({@code ?netid=}).
 */
public final class PrivateReseed implements AutoCloseable {

    /** The signer of the bundles unless told otherwise ({@code .invalid}: a name that is nobody's). */
    public static final String DEFAULT_SIGNER = "testbed@p2pstack.invalid";
    /** Where the routers fetch the bundle: I2P's {@code Reseeder} appends this to each reseed URL. */
    public static final String SU3_NAME = "i2pseeds.su3";

    /** Bounds of what one bundle reads and holds. */
    static final int MAX_NETDB_FOLDERS = 64;
    static final int MAX_FILES_LISTED = 20_000;
    /** I2P's {@code Reseeder} skips larger router info files. */
    static final int MAX_ROUTER_INFO_BYTES = 10 * 1024;
    /** Router infos in one bundle (public servers send about 75; the router takes up to 400). */
    static final int MAX_SEEDS = 100;
    /** Requests served at once. */
    static final int HTTP_THREADS = 4;
    static final int CERTIFICATE_VALID_DAYS = 90;
    /** A signer ID as I2P's reseed signers are named: an e-mail-like name that is also a file name. */
    static final Pattern SIGNER = Pattern.compile("[A-Za-z0-9._+-]{1,64}@[A-Za-z0-9.-]{1,128}");
    /** {@code routerInfo-<44 characters of I2P's Base64>.dat}, as the router's data store names them. */
    static final Pattern ROUTER_INFO_FILE = Pattern.compile("routerInfo-([A-Za-z0-9~=-]{44})\\.dat");
    /** A router's own info, in its directory beside {@code netDb/}. */
    static final String OWN_ROUTER_INFO = "router.info";
    private static final Pattern NETID = Pattern.compile("(?:^|&)netid=([0-9]{1,3})(?:&|$)");

    /** The signature type of the public reseed servers' su3 files. */
    private static final SigType SIGNER_TYPE = SigType.RSA_SHA512_4096;
    private static final SigType TLS_TYPE = SigType.ECDSA_SHA256_P256;

    private final Path work;
    private final String signer;
    private final List<Path> netDbs;
    private final I2PAppContext context;
    private final PrivateKey signingKey;
    private final Path signerCertificate;
    private final Path tlsCertificate;
    private final HttpsServer server;
    private final ExecutorService executor;
    private final URI url;
    private final AtomicInteger bundlesServed = new AtomicInteger();

    /**
     * Generates the keys, writes both certificates into {@code certificates} and starts serving.
     *
     * @param host the IP address to listen on and to name in the TLS certificate (routers connect to it)
     * @param port the port, 0 for any free one
     */
    public PrivateReseed(String host, int port, Path certificates, List<Path> netDbs, String signer)
            throws IOException, GeneralSecurityException {
        if (host == null || !Addresses.isIPAddress(host)) {
            throw new IllegalArgumentException("host must be an IP address (the TLS certificate names it), not " + host);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
        if (signer == null || !SIGNER.matcher(signer).matches()) {
            throw new IllegalArgumentException("signer must look like name@domain (letters, digits, . _ + -), not " + signer);
        }
        if (netDbs.isEmpty() || netDbs.size() > MAX_NETDB_FOLDERS) {
            throw new IllegalArgumentException("between 1 and " + MAX_NETDB_FOLDERS + " netDb folders, not " + netDbs.size());
        }
        this.signer = signer;
        this.netDbs = List.copyOf(netDbs);
        this.work = Files.createTempDirectory("p2pstack-reseed");
        try {
            // I2P's key and certificate tools use the JVM's global context: ours (files in the work folder) when this
            // process has none yet, else the one there is (a test's routers), rather than a second one beside it
            I2PAppContext current = I2PAppContext.getCurrentContext();
            this.context = current != null ? current : new I2PAppContext(contextProperties(work));
            Files.createDirectories(certificates);

            Object[] signing = SelfSignedGenerator.generate(signer, null, null, null, null, null, CERTIFICATE_VALID_DAYS,
                    SIGNER_TYPE);
            this.signingKey = (PrivateKey) signing[1];
            this.signerCertificate = certificates.resolve(signer.replace("@", "_at_") + ".crt");
            save((X509Certificate) signing[2], signerCertificate);

            Object[] tls = SelfSignedGenerator.generate(host, null, null, null, null, null, CERTIFICATE_VALID_DAYS,
                    TLS_TYPE);
            this.tlsCertificate = certificates.resolve(host.replace(':', '_') + ".crt");
            save((X509Certificate) tls[2], tlsCertificate);

            this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 16);
            server.setHttpsConfigurator(new HttpsConfigurator(sslContext((PrivateKey) tls[1], (X509Certificate) tls[2])));
            server.createContext("/", this::handle);
            this.executor = Executors.newFixedThreadPool(HTTP_THREADS, r -> {
                Thread t = new Thread(r, "private-reseed");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            String authority = host.contains(":") ? "[" + host + "]" : host;
            this.url = URI.create("https://" + authority + ":" + server.getAddress().getPort() + "/");
            server.start();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            deleteTree(work);
            throw e;
        }
    }

    /** The base URL for a node's {@code reseed.url}; the bundle is at {@code url().resolve(SU3_NAME)}. */
    public URI url() {
        return url;
    }

    /** {@code <signer, @ as _at_>.crt}: what a router checks the bundle's signature with. */
    public Path signerCertificate() {
        return signerCertificate;
    }

    /** The server's self-signed TLS certificate. */
    public Path tlsCertificate() {
        return tlsCertificate;
    }

    public String signer() {
        return signer;
    }

    /** Bundles sent with status 200 so far. */
    public int bundlesServed() {
        return bundlesServed.get();
    }

    /**
     * A freshly signed bundle of the router infos now in the netDb folders, newest first.
     *
     * @param networkId only router infos of this network, or -1 for any
     * @return the su3 file, or null when there is no router info to send
     */
    public byte[] bundle(int networkId) throws IOException {
        List<Seed> seeds = seeds(networkId);
        if (seeds.isEmpty()) {
            return null;
        }
        Path zip = Files.createTempFile(work, "seeds", ".zip");
        Path su3 = Files.createTempFile(work, "seeds", ".su3");
        try {
            long now = System.currentTimeMillis();
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                for (Seed seed : seeds) {
                    ZipEntry e = new ZipEntry(seed.fileName());
                    // the router skips files older than 30 days by their time in the zip
                    e.setTime(now);
                    out.putNextEntry(e);
                    out.write(seed.data());
                    out.closeEntry();
                }
            }
            // the version is the signing time in seconds: the router refuses bundles older than 30 days
            String version = Long.toString(now / 1000);
            new SU3File(context, su3.toFile()).write(zip.toFile(), SU3File.TYPE_ZIP, SU3File.CONTENT_RESEED, version,
                    signer, signingKey, SIGNER_TYPE);
            return Files.readAllBytes(su3);
        } finally {
            Files.deleteIfExists(zip);
            Files.deleteIfExists(su3);
        }
    }

    /** A router info file worth sending. */
    record Seed(String fileName, byte[] data, long published) {
    }

    /** The newest valid router info per router, at most {@link #MAX_SEEDS}, newest first. */
    List<Seed> seeds(int networkId) {
        Map<String, Seed> byName = new HashMap<>();
        int listed = 0;
        for (Path netDb : netDbs) {
            Path own = netDb.toAbsolutePath().resolveSibling(OWN_ROUTER_INFO);
            if (Files.isRegularFile(own)) {
                keepNewest(byName, read(own, null, networkId));
            }
            if (!Files.isDirectory(netDb)) {
                continue; // a router that has not started yet
            }
            // netDb/r<c>/routerInfo-<hash>.dat, or flat in netDb/ (how the router migrates older folders)
            try (Stream<Path> files = Files.walk(netDb, 2)) {
                for (Iterator<Path> it = files.iterator(); it.hasNext() && listed < MAX_FILES_LISTED; listed++) {
                    Path f = it.next();
                    Matcher m = ROUTER_INFO_FILE.matcher(f.getFileName().toString());
                    if (!m.matches() || !Files.isRegularFile(f)) {
                        continue;
                    }
                    keepNewest(byName, read(f, m.group(1), networkId));
                }
            } catch (IOException | UncheckedIOException e) {
                // a router removed a folder or file while we listed: the next request reads what is there
            }
        }
        return byName.values().stream().sorted(Comparator.comparingLong(Seed::published).reversed())
                .limit(MAX_SEEDS).toList();
    }

    private static void keepNewest(Map<String, Seed> byName, Seed seed) {
        Seed known = seed == null ? null : byName.get(seed.fileName());
        if (seed != null && (known == null || known.published() < seed.published())) {
            byName.put(seed.fileName(), seed);
        }
        if (byName.size() > 2 * MAX_SEEDS) {
            // only the newest MAX_SEEDS go into the bundle: memory stays at 2 * MAX_SEEDS files however many we read
            byName.values().stream().sorted(Comparator.comparingLong(Seed::published))
                    .limit(byName.size() - MAX_SEEDS).map(Seed::fileName).toList().forEach(byName::remove);
        }
    }

    /**
     * The file as a seed, or null when it is not one to send.
     *
     * @param hash what the file name says the router's hash is, or null for a {@code router.info}
     */
    private static Seed read(Path f, String hash, int networkId) {
        byte[] data;
        try (InputStream in = Files.newInputStream(f)) {
            data = in.readNBytes(MAX_ROUTER_INFO_BYTES + 1);
        } catch (IOException e) {
            return null; // gone meanwhile
        }
        if (data.length == 0 || data.length > MAX_ROUTER_INFO_BYTES) {
            return null;
        }
        RouterInfo ri = new RouterInfo();
        try {
            ri.readBytes(new ByteArrayInputStream(data), true);
        } catch (DataFormatException | IOException | RuntimeException e) {
            return null; // half written, or not a router info
        }
        String actual = ri.getIdentity().calculateHash().toBase64();
        if (!ri.isValid() || ri.getAddresses().isEmpty() || (hash != null && !hash.equals(actual))
                || (networkId >= 0 && ri.getNetworkId() != networkId)) {
            return null;
        }
        return new Seed("routerInfo-" + actual + ".dat", data, ri.getPublished());
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            if (!x.getRequestURI().getRawPath().equals("/" + SU3_NAME)) {
                send(x, 404, "text/plain", "only /" + SU3_NAME + " here\n");
                return;
            }
            if (!x.getRequestMethod().equals("GET")) {
                x.getResponseHeaders().set("Allow", "GET");
                send(x, 405, "text/plain", "GET only\n");
                return;
            }
            int networkId = -1;
            String query = x.getRequestURI().getRawQuery();
            if (query != null && query.contains("netid=")) {
                Matcher m = NETID.matcher(query);
                if (!m.find() || Integer.parseInt(m.group(1)) > 255) {
                    send(x, 400, "text/plain", "netid must be a number from 0 to 255\n");
                    return;
                }
                networkId = Integer.parseInt(m.group(1));
            }
            byte[] su3;
            try {
                su3 = bundle(networkId);
            } catch (IOException | RuntimeException e) {
                send(x, 500, "text/plain", "could not build the bundle: " + e + "\n");
                return;
            }
            if (su3 == null) {
                send(x, 503, "text/plain", "no router infos in the netDb folders yet\n");
                return;
            }
            x.getResponseHeaders().set("Content-Type", "application/octet-stream");
            x.sendResponseHeaders(200, su3.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(su3);
            }
            bundlesServed.incrementAndGet();
        }
    }

    private static void send(HttpExchange x, int status, String type, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static SSLContext sslContext(PrivateKey key, X509Certificate cert) throws GeneralSecurityException, IOException {
        char[] password = new char[24];
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < password.length; i++) {
            password[i] = (char) ('a' + random.nextInt(26));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("tls", key, password, new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        return ssl;
    }

    private static void save(X509Certificate cert, Path file) throws IOException {
        if (!CertUtil.saveCert(cert, file.toFile())) {
            throw new IOException("could not write the certificate " + file);
        }
    }

    /** I2P's files of this process (logs, if any) stay in its work folder. */
    private static Properties contextProperties(Path work) {
        Properties p = new Properties();
        String d = work.toAbsolutePath().toString();
        for (String k : new String[] {"i2p.dir.base", "i2p.dir.config", "i2p.dir.router", "i2p.dir.log",
            "i2p.dir.pid", "i2p.dir.app"}) {
            p.setProperty(k, d);
        }
        return p;
    }

    /** Stops serving and removes the work folder; the certificates stay. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(work);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // a temporary folder: the system cleans it up
        }
    }

    /**
     * {@code java -cp <itests jar>:<i2p.jar>:<router.jar> org.p2pstack.itests.testbed.PrivateReseed --host 198.18.0.20
     * --port 8443 --certs <dir> --netdb <dir> [--netdb <dir> ...] [--signer name@domain]}: prints
     * {@code reseed ready <url of i2pseeds.su3>} and serves until killed.
     */
    public static void main(String[] args) throws Exception {
        String host = null;
        int port = -1;
        Path certs = null;
        String signer = DEFAULT_SIGNER;
        List<Path> netDbs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                usage("missing value after " + args[i]);
            }
            switch (args[i]) {
                case "--host" -> host = value;
                case "--port" -> port = parsePort(value);
                case "--certs" -> certs = Path.of(value);
                case "--netdb" -> {
                    if (netDbs.size() == MAX_NETDB_FOLDERS) {
                        usage("at most " + MAX_NETDB_FOLDERS + " --netdb folders");
                    }
                    netDbs.add(Path.of(value));
                }
                case "--signer" -> signer = value;
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if (host == null || port < 0 || certs == null || netDbs.isEmpty()) {
            usage("--host, --port, --certs and at least one --netdb are required");
        }
        // this program owns its JVM: bound how long one exchange may take (seconds)
        System.setProperty("sun.net.httpserver.maxReqTime", "30");
        System.setProperty("sun.net.httpserver.maxRspTime", "60");
        PrivateReseed reseed;
        try {
            reseed = new PrivateReseed(host, port, certs, netDbs, signer);
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(reseed::close, "private-reseed-stop"));
        System.out.println("reseed ready " + reseed.url().resolve(SU3_NAME));
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            usage("--port must be a number, not " + s);
            return -1;
        }
    }

    private static void usage(String problem) {
        System.err.println("PrivateReseed: " + problem);
        System.err.println("usage: PrivateReseed --host <ip> --port <port> --certs <dir> --netdb <dir> [--netdb <dir> ...]"
                + " [--signer name@domain]");
        System.exit(2);
    }
}
