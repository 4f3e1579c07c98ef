package org.p2pstack.ipfs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;

import org.p2pstack.api.ipfs.AddOptions;
import org.p2pstack.api.ipfs.DirectoryEntry;
import org.p2pstack.api.ipfs.IpfsService;
import org.p2pstack.api.ipfs.PeerInfo;
import org.p2pstack.ipfs.internal.bitswap.Bitswap;
import org.p2pstack.ipfs.internal.blockstore.Dags;
import org.p2pstack.ipfs.internal.blockstore.FileBlockstore;
import org.p2pstack.ipfs.internal.blockstore.Pins;
import org.p2pstack.ipfs.internal.crypto.Ed25519KeyPair;
import org.p2pstack.ipfs.internal.kad.Kademlia;
import org.p2pstack.ipfs.internal.mdns.LanDiscovery;
import org.p2pstack.ipfs.internal.multiformats.Cid;
import org.p2pstack.ipfs.internal.multiformats.Multiaddr;
import org.p2pstack.ipfs.internal.multiformats.Multihash;
import org.p2pstack.ipfs.internal.multiformats.PeerId;
import org.p2pstack.ipfs.internal.net.Connection;
import org.p2pstack.ipfs.internal.net.Libp2pHost;
import org.p2pstack.ipfs.internal.net.RequestResponse;
import org.p2pstack.ipfs.internal.blockstore.BlockSource;
import org.p2pstack.ipfs.internal.unixfs.DirectoryImporter;
import org.p2pstack.ipfs.internal.unixfs.UnixfsPath;
import org.p2pstack.ipfs.internal.unixfs.Importer;
import org.p2pstack.ipfs.internal.unixfs.UnixfsReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPFS node without OSGi: identity, libp2p host, blockstore, pins, Bitswap and Kademlia, and the
 * {@link IpfsService} operations on them. The DS component and the tests build it the same way.
 */
public final class IpfsNode implements IpfsService, AutoCloseable {

    public static final String AGENT = "p2pstack-ipfs/0.1.0";

    /**
     * Settings: where to listen, whom to bootstrap from, how long a network read may wait, and LAN discovery (null:
     * off).
     */
    public record Settings(Path dataDir, String listenHost, int listenPort, List<String> bootstrap, Duration fetchTimeout,
            Duration reprovideInterval, LanDiscovery.Settings lanDiscovery) {

        /** Without LAN discovery. */
        public Settings(Path dataDir, String listenHost, int listenPort, List<String> bootstrap, Duration fetchTimeout,
                Duration reprovideInterval) {
            this(dataDir, listenHost, listenPort, bootstrap, fetchTimeout, reprovideInterval, null);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(IpfsNode.class);
    /** How long a block is asked of connected peers before the DHT is asked who has it. */
    public static final Duration PROVIDER_SEARCH_DELAY = Duration.ofSeconds(1);
    /** Most providers dialled for one block. */
    public static final int MAX_PROVIDER_DIALS = 3;

    private final Settings settings;
    private final SecureRandom random = new SecureRandom();
    private final Ed25519KeyPair identity;
    private final FileBlockstore store;
    private final Pins pins;
    private final Libp2pHost host;
    private final Bitswap bitswap;
    private final Kademlia dht;
    private final ReadWriteLock gcLock = new ReentrantReadWriteLock();
    private final LanDiscovery lan;

    public IpfsNode(Settings settings) throws IOException {
        this.settings = settings;
        Files.createDirectories(settings.dataDir());
        this.identity = Ed25519KeyPair.loadOrCreate(settings.dataDir().resolve("identity.key"), random);
        this.store = new FileBlockstore(settings.dataDir());
        this.pins = new Pins(settings.dataDir());
        this.host = new Libp2pHost(identity, random, AGENT);
        this.bitswap = new Bitswap(host, store);
        this.dht = new Kademlia(host);
        this.lan = settings.lanDiscovery() == null ? null : new LanDiscovery(host, settings.lanDiscovery(), random);
    }

    /** Listens, then dials the bootstrap peers in the background. */
    public void start() throws IOException {
        host.listen(new InetSocketAddress(settings.listenHost(), settings.listenPort()));
        List<Multiaddr> boot = new ArrayList<>();
        for (String b : settings.bootstrap()) {
            try {
                boot.add(Multiaddr.parse(b.trim()));
            } catch (IllegalArgumentException e) {
                LOG.warn("ignoring bootstrap address {}: {}", b, e.getMessage());
            }
        }
        dht.start(boot, () -> List.copyOf(pins.all()), settings.reprovideInterval());
        if (lan != null) {
            try {
                lan.start();
            } catch (IOException e) {
                // another program may hold the port without sharing it: the node works without LAN discovery
                LOG.warn("LAN discovery is off: {}", e.getMessage());
            }
        }
    }

    /** LAN discovery, if it is on. */
    public Optional<LanDiscovery> lanDiscovery() {
        return Optional.ofNullable(lan);
    }

    public Libp2pHost host() {
        return host;
    }

    public Kademlia dht() {
        return dht;
    }

    public Bitswap bitswap() {
        return bitswap;
    }

    /** Blocks from the local store, else from the network, with prefetching of what the reader will need next. */
    public BlockSource networkSource(Duration timeout) {
        return new BlockSource() {
            @Override
            public byte[] get(Cid cid) throws IOException {
                if (cid.multihash().code() == Multihash.IDENTITY) {
                    // the block is the CID's own digest: nothing to store, search or wait for
                    return cid.multihash().digest();
                }
                byte[] b = store.get(cid);
                if (b != null) {
                    return b;
                }
                long deadline = System.nanoTime() + timeout.toNanos();
                java.util.concurrent.CompletableFuture<byte[]> f = bitswap.want(cid);
                try {
                    return f.get(Math.min(PROVIDER_SEARCH_DELAY.toMillis(), timeout.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // none of our peers answered quickly: ask the DHT who has it and connect to them
                    host.execute(() -> connectToProviders(cid, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("fetching " + cid + " failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
                return bitswap.get(cid, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }

            @Override
            public void prefetch(List<Cid> cids) {
                bitswap.wantAll(cids);
            }
        };
    }

    /** Dials up to {@link #MAX_PROVIDER_DIALS} providers of {@code cid} found in the DHT; Bitswap then asks them. */
    private void connectToProviders(Cid cid, Duration timeout) {
        try {
            for (Kademlia.Provider p : dht.findProviders(cid, MAX_PROVIDER_DIALS, timeout)) {
                if (p.peer().equals(host.peerId()) || host.connection(p.peer()) != null) {
                    continue;
                }
                for (Multiaddr a : p.addresses()) {
                    if (a.tcpAddress().isEmpty()) {
                        continue;
                    }
                    try {
                        host.dial(a.withoutPeer().withPeer(p.peer()), Duration.ofSeconds(5));
                        break;
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("provider {} at {} not reachable: {}", p.peer(), a, e.toString());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("provider search for {} failed: {}", cid, e.toString());
        }
    }

    private BlockSource network() {
        return networkSource(settings.fetchTimeout());
    }

    @Override
    public PeerInfo id() {
        return new PeerInfo(host.peerId().toString(),
                host.listenAddresses().stream().map(m -> m.withPeer(host.peerId()).toString()).toList(), AGENT,
                List.copyOf(host.protocols()));
    }

    @Override
    public String add(InputStream data, AddOptions options) throws IOException {
        gcLock.readLock().lock();
        try {
            Importer.Result r = new Importer(store, options.cidVersion() == 0 ? Importer.KUBO_V0 : Importer.KUBO_V1)
                    .importFile(data);
            if (options.pin()) {
                pins.add(r.cid());
            }
            return r.cid().toString();
        } finally {
            gcLock.readLock().unlock();
        }
    }

    @Override
    public String add(Path file, AddOptions options) throws IOException {
        gcLock.readLock().lock();
        try {
            Importer.Result r = new DirectoryImporter(store, options.cidVersion() == 0 ? Importer.KUBO_V0 : Importer.KUBO_V1)
                    .importPath(file);
            if (options.pin()) {
                pins.add(r.cid());
            }
            return r.cid().toString();
        } finally {
            gcLock.readLock().unlock();
        }
    }

    /** {@code <cid>[/path...]} (optionally after {@code /ipfs/}) resolved to the CID it names. */
    private Cid resolve(String path) throws IOException {
        String p = path.trim();
        if (p.startsWith("/ipfs/")) {
            p = p.substring(6);
        }
        int slash = p.indexOf('/');
        Cid root = parse(slash < 0 ? p : p.substring(0, slash));
        return slash < 0 ? root : UnixfsPath.resolve(network(), root, p.substring(slash + 1));
    }

    @Override
    public boolean isDirectory(String path) throws IOException {
        return UnixfsPath.isDirectory(network(), resolve(path));
    }

    @Override
    public List<DirectoryEntry> ls(String path) throws IOException {
        return UnixfsPath.list(network(), resolve(path)).stream()
                .map(e -> new DirectoryEntry(e.name(), e.cid().toString(), e.tsize())).toList();
    }

    @Override
    public long size(String cid) throws IOException {
        return UnixfsReader.fileSize(network(), resolve(cid));
    }

    @Override
    public InputStream cat(String cid, long offset, long length) throws IOException {
        return new UnixfsReader(network(), resolve(cid), offset, length);
    }

    @Override
    public byte[] getBlock(String cid, Duration timeout) throws IOException {
        return networkSource(timeout).get(parse(cid));
    }

    @Override
    public boolean hasBlock(String cid) {
        return store.has(parse(cid));
    }

    @Override
    public void pin(String cid) throws IOException {
        Cid c = parse(cid);
        gcLock.readLock().lock();
        try {
            Dags.walk(network(), c, new HashSet<Multihash>());
            pins.add(c);
        } finally {
            gcLock.readLock().unlock();
        }
    }

    @Override
    public void unpin(String cid) throws IOException {
        pins.remove(parse(cid));
    }

    @Override
    public Set<String> pins() {
        return pins.all().stream().map(Cid::toString).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public long gc() throws IOException {
        gcLock.writeLock().lock();
        try {
            return Dags.collectGarbage(store, pins.all());
        } finally {
            gcLock.writeLock().unlock();
        }
    }

    @Override
    public int provide(String cid, Duration timeout) throws IOException {
        return dht.provide(parse(cid), timeout);
    }

    @Override
    public List<PeerInfo> findProviders(String cid, int max, Duration timeout) throws IOException {
        return dht.findProviders(parse(cid), max, timeout).stream()
                .map(p -> new PeerInfo(p.peer().toString(), p.addresses().stream().map(Multiaddr::toString).toList(), "", List.of()))
                .toList();
    }

    @Override
    public PeerInfo connect(String multiaddr, Duration timeout) throws IOException {
        Multiaddr m;
        try {
            m = Multiaddr.parse(multiaddr);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a multiaddr: " + multiaddr + " (" + e.getMessage() + ")", e);
        }
        Connection c = host.dial(m, timeout);
        try {
            host.awaitIdentify(c, Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return info(c);
    }

    @Override
    public List<PeerInfo> peers() {
        return host.connections().stream().map(IpfsNode::info).toList();
    }

    @Override
    public List<PeerInfo> nearbyPeers() {
        if (lan == null) {
            return List.of();
        }
        return lan.nearby().stream().map(n -> {
            Connection c = host.connection(n.peer());
            var id = c == null ? null : c.identify();
            return new PeerInfo(n.peer().toString(), n.addresses().stream().map(Multiaddr::toString).toList(),
                    id == null ? "" : id.agentVersion(), id == null ? List.of() : id.protocols());
        }).toList();
    }

    @Override
    public AutoCloseable answer(String protocolId, int maxRequestBytes, BiFunction<String, byte[], Optional<byte[]>> handler) {
        return RequestResponse.answer(host, protocolId, maxRequestBytes, handler);
    }

    @Override
    public byte[] request(String peerId, String protocolId, byte[] request, int maxAnswerBytes, Duration timeout)
            throws IOException {
        RequestResponse.checkRequest(protocolId, request, maxAnswerBytes);
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(RequestResponse.MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be above 0 and at most " + RequestResponse.MAX_TIMEOUT + ": " + timeout);
        }
        PeerId peer;
        try {
            peer = PeerId.parse(peerId.trim());
        } catch (IllegalArgumentException e) {
            throw new IOException("not a peer ID: " + peerId + " (" + e.getMessage() + ")", e);
        }
        if (peer.equals(host.peerId())) {
            throw new IOException("cannot send a " + protocolId + " request to this node itself");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Connection c = host.connection(peer);
        if (c == null) {
            c = dialKnown(peer, timeout);
        }
        return RequestResponse.request(host, c, protocolId, request, maxAnswerBytes, timeout, deadline);
    }

    /** Dials the addresses known for {@code peer} (from LAN discovery or the DHT routing table), at most 3, within {@code timeout}. */
    private Connection dialKnown(PeerId peer, Duration timeout) throws IOException {
        List<Multiaddr> known = new ArrayList<>();
        if (lan != null) {
            lan.nearby(peer).ifPresent(n -> known.addAll(n.addresses()));
        }
        var entry = dht.table().get(peer);
        if (entry != null) {
            entry.addrs().stream().filter(a -> a.tcpAddress().isPresent() && !known.contains(a)).forEach(known::add);
        }
        if (known.isEmpty()) {
            throw new IOException("not connected to " + peer + " and no address known for it");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        for (Multiaddr a : known.subList(0, Math.min(3, known.size()))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                return host.dial(a.withoutPeer().withPeer(peer), Duration.ofNanos(left));
            } catch (IOException | RuntimeException e) {
                last = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        }
        throw new IOException("cannot reach " + peer + " at " + known.subList(0, Math.min(3, known.size())) + ": "
                + (last == null ? "no time left" : last.getMessage()), last);
    }

    private static PeerInfo info(Connection c) {
        var id = c.identify();
        return new PeerInfo(c.remotePeer().toString(), List.of(c.remoteAddress().toString()),
                id == null ? "" : id.agentVersion(), id == null ? List.of() : id.protocols());
    }

    private static Cid parse(String cid) {
        try {
            return Cid.parse(cid.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a CID: " + cid + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        if (lan != null) {
            lan.close();
        }
        dht.close();
        bitswap.close();
        host.close();
    }
}
