package org.p2pstack.i2p.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import net.i2p.I2PAppContext;
import net.i2p.client.streaming.I2PSocket;
import net.i2p.data.Destination;
import net.i2p.data.Hash;
import net.i2p.data.Signature;
import net.i2p.data.SigningPrivateKey;
import net.i2p.router.RouterContext;

import org.p2pstack.api.i2p.AddressBookEntry;
import org.p2pstack.api.i2p.I2pAddress;
import org.p2pstack.api.i2p.I2pDestination;
import org.p2pstack.api.i2p.I2pException;
import org.p2pstack.api.i2p.I2pException.Reason;
import org.p2pstack.api.i2p.I2pHttpResponse;
import org.p2pstack.api.i2p.I2pHttpStream;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.api.i2p.I2pState;
import org.p2pstack.api.i2p.I2pStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I2P stack of one node, independent of OSGi: starts the router (or reaches an external one),
 * opens the node's destination, runs the server tunnel and the browser proxy, and answers the
 * {@link I2pService} calls; HTTP visits to other sites go through its {@link I2pHttpClient}. Start is
 * asynchronous; {@link #state()} tells where it is.
 */
public final class I2pNode implements I2pService, I2pNetwork {

    private static final Logger LOG = LoggerFactory.getLogger(I2pNode.class);

    /** Delay between attempts to reach an external router. */
    static final long EXTERNAL_RETRY_MILLIS = 10_000;

    private final I2pSettings settings;
    private final EmbeddedRouter router;
    private final DestinationStore keys;
    private final String tunnelSecret;
    private final I2pHttpClient http = new I2pHttpClient(this);

    private volatile I2pState state = I2pState.STOPPED;
    private volatile String message = "Not started";
    private volatile Destination own;
    private volatile SigningPrivateKey signingKey;
    private volatile StreamingEndpoint endpoint;
    private volatile AddressBook addressBook;
    private volatile ServerTunnel serverTunnel;
    private volatile HttpProxy proxy;
    private volatile Thread starter;
    private volatile java.util.concurrent.ScheduledExecutorService localLeaseSets;
    private volatile boolean stopping;
    private volatile long startedAt;
    private volatile long readyAfterMillis = -1;

    /**
     * With a fresh random tunnel secret that nobody else knows (tests, benchmarks): a public site then trusts
     * no visitor header from this node's tunnel.
     */
    public I2pNode(I2pSettings settings) {
        this(settings, new Properties());
    }

    /** With extra router properties (private test networks, benchmarks) and a fresh random tunnel secret. */
    public I2pNode(I2pSettings settings, Properties extraRouterProperties) {
        this(settings, extraRouterProperties, randomSecret());
    }

    /**
     * @param tunnelSecret the node's per-start secret ({@code NodeEnvironment.tunnelSecret()}), which the server
     *                     tunnel adds to every request so that the public site can tell it from direct clients
     */
    public I2pNode(I2pSettings settings, String tunnelSecret) {
        this(settings, new Properties(), tunnelSecret);
    }

    public I2pNode(I2pSettings settings, Properties extraRouterProperties, String tunnelSecret) {
        this.settings = settings;
        this.tunnelSecret = java.util.Objects.requireNonNull(tunnelSecret, "tunnelSecret");
        this.router = settings.mode() == I2pSettings.Mode.EMBEDDED
                ? new EmbeddedRouter(settings, extraRouterProperties) : null;
        this.keys = new DestinationStore(settings.keyFile());
    }

    private static String randomSecret() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Starts in the background; returns at once. */
    public synchronized void start() {
        if (starter != null) {
            return;
        }
        stopping = false;
        startedAt = System.currentTimeMillis();
        set(I2pState.STARTING, settings.mode() == I2pSettings.Mode.EMBEDDED ? "Starting the I2P router…"
                : "Connecting to the I2P router at " + settings.i2cpHost() + ":" + settings.i2cpPort() + "…");
        Thread t = new Thread(this::run, "i2p-start");
        t.setDaemon(true);
        starter = t;
        t.start();
    }

    private void run() {
        try {
            Files.createDirectories(settings.dataDir());
            GlobalContext.ensure(settings.dataDir().resolve("global"));
            byte[] keyBytes = keys.loadOrCreate();
            own = DestinationStore.destinationOf(keyBytes);
            signingKey = DestinationStore.signingKeyOf(keyBytes);
            LOG.info("I2P destination {}", own.toBase32());
            I2PAppContext ctx;
            boolean viaTcp;
            if (router != null) {
                RouterContext rc = router.start();
                ctx = rc;
                viaTcp = false;
            } else {
                Properties p = new Properties();
                Files.createDirectories(settings.clientDir());
                String dir = settings.clientDir().toAbsolutePath().toString();
                p.setProperty("i2p.dir.base", dir);
                p.setProperty("i2p.dir.config", dir);
                p.setProperty("i2p.dir.router", dir);
                p.setProperty("i2p.dir.log", dir);
                p.setProperty("i2p.dir.pid", dir);
                p.setProperty("i2p.dir.app", dir);
                p.setProperty("i2p.naming.impl", RouterProperties.NAMING_IMPL);
                ctx = new I2PAppContext(p);
                viaTcp = true;
            }
            addressBook = new AddressBook(ctx.namingService());
            set(I2pState.BUILDING_TUNNELS, "Building tunnels…");
            Properties opts = StreamingEndpoint.sessionOptions(settings, viaTcp);
            StreamingEndpoint ep = null;
            while (ep == null && !stopping) {
                try {
                    ep = StreamingEndpoint.open(ctx, keyBytes, opts, "p2pstack");
                } catch (I2pException e) {
                    if (stopping) {
                        throw e;
                    }
                    if (router != null) {
                        // the session gives up after 5 minutes without tunnels (a young router, a slow
                        // network): the router keeps integrating, so try again instead of failing for good
                        if (router.router() == null || !router.router().isAlive()) {
                            throw e;
                        }
                        LOG.info("I2P tunnels not built yet, trying again: {}", e.getMessage());
                        set(I2pState.BUILDING_TUNNELS, "Still building tunnels… (the network is slow to answer)");
                        continue;
                    }
                    set(I2pState.STARTING, "Waiting for the I2P router at " + settings.i2cpHost() + ":"
                            + settings.i2cpPort() + " (" + e.getMessage() + ")");
                    Thread.sleep(EXTERNAL_RETRY_MILLIS);
                    set(I2pState.BUILDING_TUNNELS, "Building tunnels…");
                }
            }
            if (stopping) {
                if (ep != null) {
                    ep.close();
                }
                return;
            }
            endpoint = ep;
            if (settings.serverEnabled()) {
                serverTunnel = new ServerTunnel(ep.serverSocket(), settings.publicPort(), own.toBase32(), tunnelSecret);
            }
            if (settings.proxyEnabled()) {
                try {
                    proxy = new HttpProxy(settings.proxyPort(), this, settings.privatePort());
                } catch (IOException e) {
                    LOG.warn("I2P HTTP proxy could not listen on 127.0.0.1:{}: {}", settings.proxyPort(), e.toString());
                }
            }
            if (router != null && RouterProperties.isLoopback(settings.routerHost())) {
                shareLocalLeaseSets();
            }
            readyAfterMillis = System.currentTimeMillis() - startedAt;
            set(I2pState.READY, proxy == null && settings.proxyEnabled()
                    ? "Ready, but the browser proxy could not start (port " + settings.proxyPort() + " in use)"
                    : "Ready");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | LinkageError e) {
            if (!stopping) {
                LOG.error("I2P failed to start", e);
                set(I2pState.FAILED, "I2P failed to start: " + e.getMessage());
            }
        }
    }

    /**
     * On a private loopback network (one router shared over I2CP by several nodes) there is no floodfill to
     * publish lease sets to, and the router keeps each local client's lease set in that client's own part of the
     * network database, so one node could not look up another's b32. Copying the local clients' lease sets into
     * the router's main database and into each other's (every second, as they are renewed) makes b32 lookups
     * between the nodes work. Only with a router on loopback: on the real network a router answering for its own
     * clients would give them away.
     */
    private void shareLocalLeaseSets() {
        java.util.concurrent.ScheduledExecutorService sharing = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                r -> I2pSockets.daemon(r, "i2p-local-leasesets"));
        localLeaseSets = sharing;
        sharing.scheduleWithFixedDelay(() -> {
            RouterContext rc = router.context();
            if (rc == null) {
                return;
            }
            try {
                java.util.Set<Destination> clients = rc.clientManager().listClients();
                for (Destination d : clients) {
                    Hash h = d.calculateHash();
                    net.i2p.data.LeaseSet ls = rc.clientNetDb(h).lookupLeaseSetLocally(h);
                    if (ls == null) {
                        continue;
                    }
                    // into the main database (lookups without a destination) and every other local client's
                    share(rc.netDb(), h, ls);
                    for (Destination other : clients) {
                        if (!other.equals(d)) {
                            share(rc.clientNetDb(other.calculateHash()), h, ls);
                        }
                    }
                }
            } catch (RuntimeException e) {
                LOG.debug("Could not share local lease sets: {}", e.toString());
            }
        }, 0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static void share(net.i2p.router.NetworkDatabaseFacade db, Hash h, net.i2p.data.LeaseSet ls) {
        if (db.lookupLeaseSetLocally(h) != ls) {
            try {
                db.store(h, ls);
            } catch (IllegalArgumentException e) {
                LOG.debug("Lease set of {} not shared: {}", h.toBase32(), e.getMessage());
            }
        }
    }

    private void set(I2pState s, String msg) {
        state = s;
        message = msg;
    }

    /** Stops tunnels, session and (embedded) router; bounded by {@code waitMillis} for the router. */
    public void stop(long waitMillis) {
        Thread t;
        synchronized (this) {
            stopping = true;
            t = starter;
            starter = null;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        java.util.concurrent.ScheduledExecutorService sharing = localLeaseSets;
        if (sharing != null) {
            sharing.shutdownNow();
            localLeaseSets = null;
        }
        closeQuietly(proxy);
        proxy = null;
        closeQuietly(serverTunnel);
        serverTunnel = null;
        http.close();
        closeQuietly(endpoint);
        endpoint = null;
        if (router != null) {
            router.stop(waitMillis);
        }
        set(I2pState.STOPPED, "Stopped");
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("close failed: {}", e.toString());
            }
        }
    }

    // --- status

    public String message() {
        return message;
    }

    public I2pSettings settings() {
        return settings;
    }

    /** Facts for the status page and {@code i2p:status}. */
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", state.label());
        d.put("mode", settings.mode().name().toLowerCase(Locale.ROOT));
        if (router != null) {
            d.put("router", router.describe());
            RouterContext rc = router.context();
            if (rc != null) {
                try {
                    d.put("tunnelsExploratoryInbound", rc.tunnelManager().getFreeTunnelCount());
                    d.put("tunnelsExploratoryOutbound", rc.tunnelManager().getOutboundTunnelCount());
                    d.put("tunnelsClientInbound", rc.tunnelManager().getInboundClientTunnelCount());
                    d.put("tunnelsClientOutbound", rc.tunnelManager().getOutboundClientTunnelCount());
                    d.put("tunnelsParticipating", rc.tunnelManager().getParticipatingCount());
                    d.put("activePeers", rc.commSystem().countActivePeers());
                    d.put("knownRouters", rc.netDb().getKnownRouters());
                    d.put("network", rc.commSystem().getStatus().name().toLowerCase(Locale.ROOT));
                } catch (RuntimeException e) {
                    d.put("router", "starting");
                }
            }
            d.put("routerPort", settings.routerPort());
            d.put("networkId", settings.networkId());
            if (settings.exposeI2cp()) {
                d.put("i2cp", settings.i2cpHost() + ":" + settings.i2cpPort());
            }
        } else {
            d.put("i2cp", settings.i2cpHost() + ":" + settings.i2cpPort());
        }
        d.put("proxyPort", settings.proxyPort());
        d.put("proxyRunning", proxy != null);
        d.put("serverTunnelTarget", "127.0.0.1:" + settings.publicPort());
        d.put("httpKeptStreams", http.keptStreams());
        ServerTunnel st = serverTunnel;
        if (st != null) {
            d.put("serverTunnelStreams", st.streams());
            d.put("serverTunnelServed", st.served());
            d.put("serverTunnelRefused", st.refused());
            d.put("serverTunnelDropped", st.dropped());
            d.put("serverTunnelActive", st.active());
        }
        if (readyAfterMillis >= 0) {
            d.put("readyAfterMillis", readyAfterMillis);
        }
        Destination o = own;
        if (o != null) {
            d.put("b32", o.toBase32());
        }
        return d;
    }

    // --- I2pService

    @Override
    public I2pState state() {
        return state;
    }

    @Override
    public Optional<I2pDestination> ownDestination() {
        Destination o = own;
        return o == null ? Optional.empty() : Optional.of(I2pNames.toApi(o));
    }

    private StreamingEndpoint readyEndpoint() throws I2pException {
        StreamingEndpoint ep = endpoint;
        if (ep == null || state != I2pState.READY) {
            throw new I2pException(Reason.NOT_READY, "I2P is not ready: " + message);
        }
        return ep;
    }

    @Override
    public Destination resolve(String host, long timeoutMillis) throws I2pException {
        Optional<Destination> full = I2pNames.parseDestination(host);
        if (full.isPresent()) {
            return full.get();
        }
        I2pAddress address;
        try {
            address = I2pAddress.parse(host);
        } catch (IllegalArgumentException e) {
            throw new I2pException(Reason.UNKNOWN_NAME, "not an I2P name or address: " + I2pNames.abbreviate(host));
        }
        String h = address.host();
        AddressBook ab = addressBook;
        if (address.isB32()) {
            Hash hash = I2pNames.hashOf(address);
            Destination o = own;
            if (o != null && o.calculateHash().equals(hash)) {
                return o;
            }
            if (ab != null) {
                Optional<Destination> known = ab.lookupHash(hash);
                if (known.isPresent()) {
                    return known.get();
                }
            }
            // several shorter tries: a lease set may appear meanwhile (a node that just started, a private
            // network's router sharing its clients' lease sets), and one try may wait its whole time for nothing
            long deadline = System.currentTimeMillis() + timeoutMillis;
            long perTry = Math.max(5_000, timeoutMillis / 3);
            while (true) {
                long left = deadline - System.currentTimeMillis();
                Destination d = readyEndpoint().lookup(hash, Math.max(1000, Math.min(left, perTry)));
                if (d != null) {
                    return d;
                }
                if (deadline - System.currentTimeMillis() < 1500) {
                    throw new I2pException(Reason.UNREACHABLE, h + " is not published on the network");
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new I2pException(Reason.TIMEOUT, "interrupted while looking up " + h);
                }
            }
        }
        if (ab == null) {
            throw new I2pException(Reason.NOT_READY, "the address book is not open yet");
        }
        return ab.lookupName(h).orElseThrow(() -> new I2pException(Reason.UNKNOWN_NAME, h + " is not in the address book"));
    }

    @Override
    public I2PSocket open(Destination to, long timeoutMillis) throws I2pException {
        return readyEndpoint().connect(to, timeoutMillis);
    }

    @Override
    public I2pStream connect(String target, Duration timeout) throws I2pException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        Destination d = resolve(target, timeout.toMillis());
        long left = Math.max(1000, deadline - System.currentTimeMillis());
        I2PSocket s = open(d, left);
        return new I2pSocketStream(s);
    }

    @Override
    public I2pHttpResponse httpGet(String url, int maxBytes, Duration timeout) throws I2pException {
        return http.get(url, maxBytes, timeout);
    }

    @Override
    public I2pHttpResponse httpPost(String url, String contentType, byte[] body, int maxBytes, Duration timeout) throws I2pException {
        return http.post(url, contentType, body, maxBytes, timeout);
    }

    @Override
    public I2pHttpStream httpStream(String url, String range, Duration timeout) throws I2pException {
        return http.stream(url, range, timeout);
    }

    @Override
    public byte[] signAsDestination(byte[] data) throws I2pException {
        byte[] prefix = SIGNED_PREFIX.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (data == null || data.length < prefix.length
                || !java.util.Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length)) {
            throw new IllegalArgumentException("only texts starting with '" + SIGNED_PREFIX + "' are signed");
        }
        SigningPrivateKey key = signingKey;
        if (key == null) {
            throw new I2pException(Reason.NOT_READY, "the node's destination is not loaded yet");
        }
        Signature signature = I2PAppContext.getGlobalContext().dsa().sign(data, key);
        if (signature == null) {
            throw new I2pException(Reason.OTHER, "signing failed");
        }
        return signature.getData();
    }

    @Override
    public List<AddressBookEntry> addressBook() {
        AddressBook ab = addressBook;
        return ab == null ? List.of() : ab.list();
    }

    @Override
    public AddressBookEntry addName(String name, String destination) {
        return book().put(name, destination);
    }

    @Override
    public boolean removeName(String name) {
        return book().remove(name);
    }

    @Override
    public Optional<I2pDestination> lookup(String nameOrDestination) {
        if (nameOrDestination == null) {
            return Optional.empty();
        }
        Optional<Destination> full = I2pNames.parseDestination(nameOrDestination);
        if (full.isPresent()) {
            return full.map(I2pNames::toApi);
        }
        AddressBook ab = addressBook;
        if (ab == null) {
            return Optional.empty();
        }
        Optional<I2pAddress> address = I2pAddress.tryParse(nameOrDestination);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        if (address.get().isB32()) {
            Hash hash = I2pNames.hashOf(address.get());
            Destination o = own;
            if (o != null && o.calculateHash().equals(hash)) {
                return Optional.of(I2pNames.toApi(o));
            }
            return ab.lookupHash(hash).map(I2pNames::toApi);
        }
        return ab.lookupName(address.get().host()).map(I2pNames::toApi);
    }

    private AddressBook book() {
        AddressBook ab = addressBook;
        if (ab == null) {
            throw new IllegalStateException("the address book is not open yet");
        }
        return ab;
    }

    /** The browser proxy's actual port, or -1 when it does not run. */
    public int proxyPort() {
        HttpProxy p = proxy;
        return p == null ? -1 : p.port();
    }

    /** Incoming streams of the node's destination (tests, benchmarks; only when the server tunnel is off). */
    public net.i2p.client.streaming.I2PServerSocket serverSocketForTests() {
        return endpoint.serverSocket();
    }

    /** The embedded router (tests, benchmarks), or null in external mode. */
    public EmbeddedRouter router() {
        return router;
    }

    /** Waits until the state is READY or FAILED, or the time is up; returns the state. */
    public I2pState awaitReady(Duration max) throws InterruptedException {
        long end = System.currentTimeMillis() + max.toMillis();
        while (System.currentTimeMillis() < end) {
            I2pState s = state;
            if (s == I2pState.READY || s == I2pState.FAILED) {
                return s;
            }
            Thread.sleep(100);
        }
        return state;
    }

}
