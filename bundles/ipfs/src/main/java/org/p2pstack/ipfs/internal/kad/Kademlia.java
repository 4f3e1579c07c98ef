package org.p2pstack.ipfs.internal.kad;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.p2pstack.ipfs.internal.multiformats.Cid;
import org.p2pstack.ipfs.internal.multiformats.Multiaddr;
import org.p2pstack.ipfs.internal.multiformats.PeerId;
import org.p2pstack.ipfs.internal.net.Connection;
import org.p2pstack.ipfs.internal.net.Libp2pHost;
import org.p2pstack.ipfs.internal.net.Identify;
import org.p2pstack.ipfs.internal.net.LengthPrefixed;
import org.p2pstack.ipfs.internal.net.ProtocolException;
import org.p2pstack.ipfs.internal.net.YamuxStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kademlia DHT {@code /ipfs/kad/1.0.0} (libp2p/specs kad-dht), client and server, for peers and provider
 * records: FIND_NODE, GET_PROVIDERS, ADD_PROVIDER, PING. Iterative lookups with {@link #ALPHA} queries in
 * flight. Bounds: provider records per key and keys stored, each request's time, messages by {@link KadMessage}.
 */
public final class Kademlia implements AutoCloseable {

    public static final String PROTOCOL_ID = "/ipfs/kad/1.0.0";
    public static final int ALPHA = 3;
    public static final int MAX_PROVIDERS_PER_KEY = 64;
    public static final int MAX_PROVIDER_KEYS = 100_000;
    public static final Duration PROVIDER_TTL = Duration.ofHours(48);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Requests one peer may make on one stream before it must open another. */
    public static final int MAX_REQUESTS_PER_STREAM = 256;

    private static final Logger LOG = LoggerFactory.getLogger(Kademlia.class);

    /** A provider as found: peer and addresses. */
    public record Provider(PeerId peer, List<Multiaddr> addresses) {
    }

    private record Record(List<Multiaddr> addrs, Instant expires) {
    }

    private final Libp2pHost host;
    private final RoutingTable table;
    private final Map<String, Map<PeerId, Record>> providers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kad-timer");
        t.setDaemon(true);
        return t;
    });

    private final org.p2pstack.ipfs.internal.net.DnsAddr dnsAddr;

    public Kademlia(Libp2pHost host) {
        this(host, org.p2pstack.ipfs.internal.net.DnsAddr.system());
    }

    public Kademlia(Libp2pHost host, org.p2pstack.ipfs.internal.net.DnsAddr dnsAddr) {
        this.host = host;
        this.dnsAddr = dnsAddr;
        this.table = new RoutingTable(host.peerId());
        host.handle(PROTOCOL_ID, this::serve);
        host.onConnect(c -> host.execute(() -> considerForTable(c)));
        host.onDisconnect(c -> {
            if (host.connection(c.remotePeer()) == null) {
                table.remove(c.remotePeer());
            }
        });
    }

    public RoutingTable table() {
        return table;
    }

    /** Dials the bootstrap peers, looks ourselves up, and reprovides {@code roots} periodically. */
    public void start(List<Multiaddr> bootstrap, Supplier<List<Cid>> roots, Duration reprovide) {
        host.execute(() -> {
            for (Multiaddr boot : bootstrap) {
                List<Multiaddr> resolved;
                try {
                    resolved = dnsAddr.resolve(boot);
                } catch (IOException | RuntimeException e) {
                    LOG.info("bootstrap address {} does not resolve: {}", boot, e.getMessage());
                    continue;
                }
                for (Multiaddr m : resolved) {
                    if (m.tcpAddress().isEmpty()) {
                        continue; // QUIC, WebSocket...: transports we do not have
                    }
                    try {
                        Connection c = host.dial(m, REQUEST_TIMEOUT);
                        considerForTable(c);
                        break;
                    } catch (IOException | RuntimeException e) {
                        LOG.info("bootstrap peer {} not reachable: {}", m, e.getMessage());
                    }
                }
            }
            try {
                lookup(host.peerId().bytes(), false, Duration.ofSeconds(30), 0);
            } catch (RuntimeException e) {
                LOG.debug("self lookup failed: {}", e.toString());
            }
        });
        if (reprovide != null && !reprovide.isZero()) {
            timer.scheduleWithFixedDelay(() -> {
                for (Cid c : roots.get()) {
                    try {
                        provide(c, Duration.ofMinutes(1));
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("reprovide of {} failed: {}", c, e.toString());
                    }
                }
                expire();
            }, reprovide.toMillis(), reprovide.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void considerForTable(Connection c) {
        try {
            Identify.Info info = host.awaitIdentify(c, Duration.ofSeconds(10));
            if (info != null && info.protocols().contains(PROTOCOL_ID)) {
                List<Multiaddr> addrs = new ArrayList<>(info.listenAddrs());
                if (addrs.isEmpty()) {
                    addrs.add(c.remoteAddress());
                }
                table.add(c.remotePeer(), addrs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- server ---

    private void serve(Connection conn, YamuxStream s) throws IOException {
        for (int i = 0; i < MAX_REQUESTS_PER_STREAM; i++) {
            var idle = timer.schedule(s::reset, REQUEST_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
            byte[] raw;
            try {
                raw = LengthPrefixed.read(s.in(), KadMessage.MAX_MESSAGE);
            } finally {
                idle.cancel(false);
            }
            if (raw == null) {
                break;
            }
            KadMessage req;
            try {
                req = KadMessage.decode(raw);
            } catch (IllegalArgumentException e) {
                conn.close();
                throw new ProtocolException("malformed kad message: " + e.getMessage(), e);
            }
            KadMessage resp = answer(conn, req);
            if (resp != null) {
                LengthPrefixed.write(s.out(), resp.encode());
            }
        }
        s.closeWrite();
    }

    private KadMessage answer(Connection conn, KadMessage req) {
        byte[] key = req.key() == null ? new byte[0] : req.key();
        switch (req.type()) {
            case FIND_NODE -> {
                return new KadMessage(KadMessage.Type.FIND_NODE, key, closerPeers(key, conn.remotePeer()), List.of());
            }
            case GET_PROVIDERS -> {
                return new KadMessage(KadMessage.Type.GET_PROVIDERS, key, closerPeers(key, conn.remotePeer()),
                        localProviders(key));
            }
            case ADD_PROVIDER -> {
                for (KadMessage.Peer p : req.providerPeers()) {
                    if (p.id().equals(conn.remotePeer())) { // a peer may only announce itself
                        List<Multiaddr> addrs = p.addrs().isEmpty() ? List.of(conn.remoteAddress()) : p.addrs();
                        store(key, p.id(), addrs);
                    }
                }
                return null;
            }
            case PING -> {
                return new KadMessage(KadMessage.Type.PING, null, List.of(), List.of());
            }
            default -> {
                return new KadMessage(req.type(), key, closerPeers(key, conn.remotePeer()), List.of());
            }
        }
    }

    private List<KadMessage.Peer> closerPeers(byte[] key, PeerId except) {
        List<KadMessage.Peer> out = new ArrayList<>();
        for (RoutingTable.Entry e : table.closest(key, RoutingTable.K + 1)) {
            if (!e.peer().equals(except) && out.size() < RoutingTable.K) {
                out.add(new KadMessage.Peer(e.peer(), e.addrs()));
            }
        }
        return out;
    }

    private static String hex(byte[] key) {
        return java.util.HexFormat.of().formatHex(key);
    }

    private void store(byte[] key, PeerId peer, List<Multiaddr> addrs) {
        String k = hex(key);
        if (!providers.containsKey(k) && providers.size() >= MAX_PROVIDER_KEYS) {
            return;
        }
        Map<PeerId, Record> m = providers.computeIfAbsent(k, x -> new ConcurrentHashMap<>());
        if (m.size() < MAX_PROVIDERS_PER_KEY || m.containsKey(peer)) {
            m.put(peer, new Record(List.copyOf(addrs), Instant.now().plus(PROVIDER_TTL)));
        }
    }

    private List<KadMessage.Peer> localProviders(byte[] key) {
        Map<PeerId, Record> m = providers.get(hex(key));
        List<KadMessage.Peer> out = new ArrayList<>();
        if (m != null) {
            Instant now = Instant.now();
            m.forEach((p, r) -> {
                if (r.expires().isAfter(now) && out.size() < RoutingTable.K) {
                    out.add(new KadMessage.Peer(p, r.addrs()));
                }
            });
        }
        return out;
    }

    private void expire() {
        Instant now = Instant.now();
        providers.values().forEach(m -> m.values().removeIf(r -> r.expires().isBefore(now)));
        providers.values().removeIf(Map::isEmpty);
    }

    // --- client ---

    /** Sends one request and reads its answer, within {@link #REQUEST_TIMEOUT}. */
    private KadMessage request(Connection c, KadMessage req, boolean expectAnswer) throws IOException {
        YamuxStream s = c.newStream(PROTOCOL_ID);
        ScheduledFuture<?> watchdog = timer.schedule(s::reset, REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            LengthPrefixed.write(s.out(), req.encode());
            if (!expectAnswer) {
                s.closeWrite();
                return null;
            }
            byte[] raw = LengthPrefixed.read(s.in(), KadMessage.MAX_MESSAGE);
            s.closeWrite();
            if (raw == null) {
                throw new IOException("no kad answer from " + c.remotePeer());
            }
            try {
                return KadMessage.decode(raw);
            } catch (IllegalArgumentException e) {
                c.close();
                throw new ProtocolException("malformed kad answer: " + e.getMessage(), e);
            }
        } finally {
            watchdog.cancel(false);
        }
    }

    private Connection connect(PeerId peer, List<Multiaddr> addrs) throws IOException {
        Connection c = host.connection(peer);
        if (c != null) {
            return c;
        }
        IOException last = null;
        for (Multiaddr a : addrs) {
            if (a.tcpAddress().isEmpty()) {
                continue;
            }
            try {
                return host.dial(a.withoutPeer().withPeer(peer), REQUEST_TIMEOUT);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last != null ? last : new IOException("no dialable address for " + peer);
    }

    /**
     * Iterative lookup of {@code key}: returns the closest peers that answered. With {@code providers},
     * asks GET_PROVIDERS and collects up to {@code maxProviders} providers into {@code found}, stopping early.
     */
    private List<RoutingTable.Entry> lookup(byte[] key, boolean getProviders, Duration timeout, int maxProviders,
            Map<PeerId, Provider> found) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] target = RoutingTable.kadKey(key);
        Comparator<RoutingTable.Entry> byDistance = Comparator.comparing(e -> RoutingTable.distance(e.kadKey(), target));
        Map<PeerId, RoutingTable.Entry> candidates = new LinkedHashMap<>();
        for (RoutingTable.Entry e : table.closest(key, RoutingTable.K)) {
            candidates.put(e.peer(), e);
        }
        Set<PeerId> queried = new HashSet<>();
        List<RoutingTable.Entry> answered = new ArrayList<>();
        ExecutorCompletionService<KadMessage> ecs = new ExecutorCompletionService<>(host.executor());
        Map<Future<KadMessage>, RoutingTable.Entry> inFlight = new LinkedHashMap<>();
        KadMessage req = new KadMessage(getProviders ? KadMessage.Type.GET_PROVIDERS : KadMessage.Type.FIND_NODE, key,
                List.of(), List.of());
        while (System.nanoTime() < deadline) {
            if (found != null && found.size() >= maxProviders) {
                break;
            }
            // the K closest candidates not yet queried, ALPHA at a time
            List<RoutingTable.Entry> next = candidates.values().stream().filter(e -> !queried.contains(e.peer()))
                    .sorted(byDistance).limit(RoutingTable.K).toList();
            if (!answered.isEmpty() && answered.size() >= RoutingTable.K) {
                BigInteger worst = RoutingTable.distance(answered.stream().sorted(byDistance).toList()
                        .get(RoutingTable.K - 1).kadKey(), target);
                next = next.stream().filter(e -> RoutingTable.distance(e.kadKey(), target).compareTo(worst) < 0).toList();
            }
            for (RoutingTable.Entry e : next) {
                if (inFlight.size() >= ALPHA) {
                    break;
                }
                queried.add(e.peer());
                inFlight.put(ecs.submit(() -> request(connect(e.peer(), e.addrs()), req, true)), e);
            }
            if (inFlight.isEmpty()) {
                break;
            }
            Future<KadMessage> done;
            try {
                done = ecs.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
            if (done == null) {
                break;
            }
            RoutingTable.Entry from = inFlight.remove(done);
            try {
                KadMessage resp = done.get();
                answered.add(from);
                table.add(from.peer(), from.addrs());
                for (KadMessage.Peer p : resp.closerPeers()) {
                    if (!p.id().equals(host.peerId()) && !candidates.containsKey(p.id()) && !p.addrs().isEmpty()) {
                        candidates.put(p.id(), new RoutingTable.Entry(p.id(), p.addrs(), RoutingTable.kadKey(p.id().bytes())));
                    }
                }
                if (found != null) {
                    for (KadMessage.Peer p : resp.providerPeers()) {
                        if (found.size() < maxProviders) {
                            found.putIfAbsent(p.id(), new Provider(p.id(), p.addrs()));
                        }
                    }
                }
            } catch (Exception e) {
                LOG.debug("kad query to {} failed: {}", from.peer(), e.toString());
            }
        }
        inFlight.keySet().forEach(f -> f.cancel(true));
        answered.sort(byDistance);
        return answered.size() > RoutingTable.K ? answered.subList(0, RoutingTable.K) : answered;
    }

    /** Iterative FIND_NODE for {@code key}. */
    public List<RoutingTable.Entry> lookup(byte[] key, boolean unused, Duration timeout, int unused2) {
        return lookup(key, false, timeout, 0, null);
    }

    /** Announces us as a provider of {@code cid} to the closest peers; returns how many were told. */
    public int provide(Cid cid, Duration timeout) throws IOException {
        byte[] key = cid.multihash().bytes();
        store(key, host.peerId(), host.listenAddresses());
        List<RoutingTable.Entry> closest = lookup(key, false, timeout, 0, null);
        KadMessage msg = new KadMessage(KadMessage.Type.ADD_PROVIDER, key, List.of(),
                List.of(new KadMessage.Peer(host.peerId(), host.listenAddresses())));
        int told = 0;
        for (RoutingTable.Entry e : closest) {
            try {
                request(connect(e.peer(), e.addrs()), msg, false);
                told++;
            } catch (IOException ex) {
                LOG.debug("ADD_PROVIDER to {} failed: {}", e.peer(), ex.toString());
            }
        }
        return told;
    }

    /** Providers of {@code cid}: our own records first, then the network. */
    public List<Provider> findProviders(Cid cid, int max, Duration timeout) {
        byte[] key = cid.multihash().bytes();
        Map<PeerId, Provider> found = new LinkedHashMap<>();
        for (KadMessage.Peer p : localProviders(key)) {
            if (!p.id().equals(host.peerId()) && found.size() < max) {
                found.put(p.id(), new Provider(p.id(), p.addrs()));
            }
        }
        if (found.size() < max) {
            lookup(key, true, timeout, max, found);
        }
        return List.copyOf(found.values());
    }

    /** Providers of {@code cid} known to the network only (our own records not consulted). */
    public List<Provider> findProvidersRemote(Cid cid, int max, Duration timeout) {
        Map<PeerId, Provider> found = new LinkedHashMap<>();
        lookup(cid.multihash().bytes(), true, timeout, max, found);
        return List.copyOf(found.values());
    }

    /** Whether a provider record for {@code cid} from {@code peer} is stored here. */
    public boolean hasProviderRecord(Cid cid, PeerId peer) {
        Map<PeerId, Record> m = providers.get(hex(cid.multihash().bytes()));
        return m != null && m.containsKey(peer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
