package org.p2pstack.ipfs.internal.mdns;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.p2pstack.ipfs.internal.multiformats.Multiaddr;
import org.p2pstack.ipfs.internal.multiformats.PeerId;
import org.p2pstack.ipfs.internal.net.Libp2pHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libp2p mDNS discovery (libp2p/specs discovery/mdns.md), as js-libp2p's {@code @libp2p/mdns} speaks it: one UDP
 * socket on port 5353 that joins 224.0.0.251 on every up, multicast-capable, non-loopback IPv4 interface; a PTR query
 * for {@code _p2p._udp.local} at start and every {@code interval}; answers to such queries with a PTR record
 * {@code _p2p._udp.local -> <peer-name>._p2p._udp.local} and one TXT record {@code dnsaddr=<multiaddr>/p2p/<us>} per
 * address our libp2p TCP listener has on that interface; answers from other peers become {@link NearbyPeers} entries,
 * and each newly found peer is dialled so that Bitswap can ask it for blocks.
 * <p>
 * A LAN peer must not make us dial elsewhere: only packets from an address inside one of our interfaces' subnets are
 * read, and of the addresses an answer names only IPv4 TCP ones inside the subnet the answer came in on (never
 * counted wider than /{@value #WIDEST_PREFIX}) are kept and dialled; dials are bounded per peer
 * ({@link NearbyPeers#REDIAL_AFTER}, {@link #MAX_ADDRESSES_DIALLED}) and in total ({@link #MAX_CONCURRENT_DIALS}).
 * A malformed packet is dropped; nothing a peer sends ends the receive loop.
 */
public final class LanDiscovery implements AutoCloseable {

    public static final String SERVICE = "_p2p._udp.local";
    public static final int PORT = 5353;
    public static final String GROUP = "224.0.0.251";
    /** TTL of the records we announce, as libp2p peers announce theirs. */
    public static final long TTL_SECONDS = 120;
    /** How often js-libp2p queries: our default too. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    /** Most peers kept. */
    public static final int MAX_PEERS = 64;
    /** Most interfaces used. */
    public static final int MAX_LINKS = 16;
    /** Most addresses announced per interface. */
    public static final int MAX_ANNOUNCED = 8;
    /** Most service instances read from one answer. */
    public static final int MAX_INSTANCES = 8;
    /** Most {@code dnsaddr=} strings parsed per instance. */
    public static final int MAX_DNSADDRS = 32;
    /** Most addresses tried in one dial attempt. */
    public static final int MAX_ADDRESSES_DIALLED = 3;
    /** Dials under way at once, over all peers. */
    public static final int MAX_CONCURRENT_DIALS = 4;
    public static final Duration DIAL_TIMEOUT = Duration.ofSeconds(5);
    /** Least time between two answers on one interface (RFC 6762 6: at most one per second); queries in between share the next. */
    public static final Duration MIN_ANSWER_GAP = Duration.ofSeconds(1);
    /** An interface's subnet counts at most this wide when we decide what to dial. */
    public static final int WIDEST_PREFIX = 16;
    /** Length of the random peer name, a fresh one per start (js-libp2p: a random label too). */
    public static final int PEER_NAME_LENGTH = 32;

    private static final Logger LOG = LoggerFactory.getLogger(LanDiscovery.class);
    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String DNSADDR = "dnsaddr=";

    /**
     * @param interval how often to ask
     * @param usable   which of our interface addresses (and so which subnets) take part; a node kept on a test network
     *                 passes only those addresses
     */
    public record Settings(Duration interval, Predicate<InetAddress> usable) {
        public Settings {
            if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("mDNS query interval below 1 s: " + interval);
            }
        }
    }

    /** An IPv4 address of one of our interfaces with its prefix length. */
    record Subnet(InetAddress address, int prefix) {
        /** True if {@code a} is in this subnet, counted at most /{@value #WIDEST_PREFIX} wide. */
        boolean contains(InetAddress a) {
            byte[] x = address.getAddress();
            byte[] y = a.getAddress();
            if (x.length != 4 || y.length != 4) {
                return false;
            }
            int bits = Math.min(32, Math.max(prefix, WIDEST_PREFIX));
            int mask = bits == 0 ? 0 : -1 << (32 - bits);
            return (toInt(x) & mask) == (toInt(y) & mask);
        }

        private static int toInt(byte[] b) {
            return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        }
    }

    /** An interface we use: its name, the interface itself (null in tests) and its usable IPv4 subnets. */
    record Link(String name, NetworkInterface nif, List<Subnet> subnets) {
        boolean contains(InetAddress a) {
            return subnets.stream().anyMatch(s -> s.contains(a));
        }

        boolean owns(InetAddress a) {
            return subnets.stream().anyMatch(s -> s.address().equals(a));
        }
    }

    /** One peer read from an answer. */
    record Found(String peerName, PeerId peer, List<Multiaddr> addresses, long ttl) {
    }

    private final Libp2pHost host;
    private final Settings settings;
    private final String peerName;
    private final NearbyPeers peers = new NearbyPeers(MAX_PEERS, System::nanoTime);
    private final Semaphore dialSlots = new Semaphore(MAX_CONCURRENT_DIALS);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("mdns-timer").factory());
    private final Object sendLock = new Object();
    private final Map<String, MembershipKey> memberships = new HashMap<>();
    private final Map<String, Long> lastAnswer = new HashMap<>();
    private final Set<String> pendingAnswer = new HashSet<>();
    private volatile List<Link> links = List.of();
    private volatile DatagramChannel channel;
    private volatile boolean closed;
    private Thread receiver;

    public LanDiscovery(Libp2pHost host, Settings settings, SecureRandom random) {
        this.host = host;
        this.settings = settings;
        StringBuilder sb = new StringBuilder(PEER_NAME_LENGTH);
        for (int i = 0; i < PEER_NAME_LENGTH; i++) {
            sb.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        this.peerName = sb.toString();
    }

    /** Opens the socket on UDP 5353 and starts asking; fails if the port cannot be bound. */
    public synchronized void start() throws IOException {
        if (channel != null || closed) {
            return;
        }
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            // shared with other mDNS responders on this computer (avahi, browsers, other nodes)
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 255); // RFC 6762 11
            ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true); // peers on this computer hear us too
            ch.bind(new InetSocketAddress(PORT));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException("cannot open the mDNS socket on UDP port " + PORT + ": " + e.getMessage(), e);
        }
        channel = ch;
        receiver = Thread.ofVirtual().name("mdns-receive").start(this::receiveLoop);
        timer.scheduleWithFixedDelay(this::tick, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("LAN discovery (mDNS) started as {}.{}", peerName, SERVICE);
    }

    /** The random name this run announces, the first label of our PTR record's target. */
    public String peerName() {
        return peerName;
    }

    /** The peers found and not expired. */
    public List<NearbyPeers.Nearby> nearby() {
        return peers.list();
    }

    public Optional<NearbyPeers.Nearby> nearby(PeerId peer) {
        return peers.get(peer);
    }

    /** The interfaces in use now (names). */
    public List<String> interfaces() {
        return links.stream().map(Link::name).toList();
    }

    // --- asking ---

    private void tick() {
        try {
            refreshLinks();
            byte[] q = query();
            for (Link l : links) {
                send(q, l);
            }
        } catch (RuntimeException e) {
            LOG.debug("mDNS query round failed: {}", e.toString());
        }
    }

    /** Our PTR query for {@link #SERVICE}. */
    static byte[] query() {
        return DnsMessage.query(List.of(new DnsQuestion(SERVICE, DnsRecord.PTR))).encode();
    }

    /** Joins the group on interfaces that came up, leaves it on those that went away. */
    private void refreshLinks() {
        List<Link> found = new ArrayList<>();
        try {
            for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
                if (found.size() == MAX_LINKS) {
                    break;
                }
                try {
                    if (!nif.isUp() || nif.isLoopback() || !nif.supportsMulticast() || nif.isVirtual()) {
                        continue;
                    }
                } catch (SocketException e) {
                    continue;
                }
                List<Subnet> subnets = new ArrayList<>();
                for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
                    InetAddress a = ia.getAddress();
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && settings.usable().test(a)) {
                        subnets.add(new Subnet(a, ia.getNetworkPrefixLength()));
                    }
                }
                if (!subnets.isEmpty()) {
                    found.add(new Link(nif.getName(), nif, List.copyOf(subnets)));
                }
            }
        } catch (SocketException e) {
            LOG.debug("cannot list network interfaces: {}", e.toString());
            return;
        }
        DatagramChannel ch = channel;
        if (ch == null) {
            return;
        }
        List<Link> joined = new ArrayList<>();
        synchronized (memberships) {
            Set<String> names = new HashSet<>();
            for (Link l : found) {
                names.add(l.name());
                MembershipKey key = memberships.get(l.name());
                if (key == null || !key.isValid()) {
                    try {
                        memberships.put(l.name(), ch.join(InetAddress.getByName(GROUP), l.nif()));
                        LOG.debug("mDNS: joined {} on {}", GROUP, l.name());
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("mDNS: cannot join {} on {}: {}", GROUP, l.name(), e.toString());
                        continue;
                    }
                }
                joined.add(l);
            }
            memberships.entrySet().removeIf(e -> {
                if (names.contains(e.getKey())) {
                    return false;
                }
                e.getValue().drop();
                return true;
            });
        }
        links = List.copyOf(joined);
    }

    // --- receiving ---

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(DnsMessage.MAX_PACKET + 1);
        while (!closed) {
            DatagramChannel ch = channel;
            SocketAddress from;
            buf.clear();
            try {
                from = ch.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                LOG.debug("mDNS receive failed: {}", e.toString());
                try {
                    Thread.sleep(100); // do not spin on a broken socket
                } catch (InterruptedException ie) {
                    return;
                }
                continue;
            }
            if (!(from instanceof InetSocketAddress sender) || buf.position() > DnsMessage.MAX_PACKET) {
                continue; // a datagram larger than mDNS allows was cut: drop it
            }
            try {
                handle(java.util.Arrays.copyOf(buf.array(), buf.position()), sender);
            } catch (RuntimeException e) {
                LOG.debug("mDNS packet from {} dropped: {}", sender, e.getMessage());
            }
        }
    }

    private void handle(byte[] packet, InetSocketAddress from) {
        Link link = linkOf(from.getAddress(), links);
        if (link == null) {
            return; // not from a network we are on
        }
        DnsMessage m = DnsMessage.decode(packet);
        if (m.opcode() != 0 || m.rcode() != 0) {
            return; // RFC 6762 18.3, 18.11
        }
        if (!m.isResponse()) {
            if (asksForPeers(m)) {
                answerOn(link);
            }
            return;
        }
        if (from.getPort() != PORT) {
            return; // RFC 6762 6: answers come from port 5353
        }
        for (Found f : parse(m, peerName)) {
            if (f.peer().equals(host.peerId())) {
                continue;
            }
            List<Multiaddr> dialable = dialable(f.addresses(), link, settings.usable());
            if (!peers.seen(f.peer(), dialable, f.ttl(), from.getAddress())) {
                continue;
            }
            if (host.connection(f.peer()) == null && peers.claimDial(f.peer())) {
                LOG.debug("mDNS: found {} at {}", f.peer(), dialable);
                dial(f.peer(), dialable);
            }
        }
    }

    /** The link whose subnet holds {@code sender}, or null. */
    static Link linkOf(InetAddress sender, List<Link> links) {
        for (Link l : links) {
            if (l.contains(sender)) {
                return l;
            }
        }
        return null;
    }

    /** True if the query asks for {@link #SERVICE} (PTR or ANY), as js-libp2p's does. */
    static boolean asksForPeers(DnsMessage m) {
        return m.questions().stream().anyMatch(q -> q.name().equalsIgnoreCase(SERVICE)
                && (q.type() == DnsRecord.PTR || q.type() == DnsRecord.ANY));
    }

    /**
     * The peers an answer names: for each PTR record of {@link #SERVICE} (at most {@link #MAX_INSTANCES}) whose target
     * is not {@code ownName}, the {@code dnsaddr=} strings of the TXT records (answers or additionals) owned by that
     * target; the peer ID is the first address's {@code /p2p/} and addresses of another peer are dropped.
     */
    static List<Found> parse(DnsMessage m, String ownName) {
        Map<String, List<DnsRecord.Txt>> txt = new HashMap<>();
        for (List<DnsRecord> section : List.of(m.answers(), m.additionals())) {
            for (DnsRecord r : section) {
                if (r.data() instanceof DnsRecord.Txt t) {
                    txt.computeIfAbsent(r.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(t);
                }
            }
        }
        Map<String, Found> out = new LinkedHashMap<>();
        for (DnsRecord r : m.answers()) {
            if (out.size() == MAX_INSTANCES) {
                break;
            }
            if (!(r.data() instanceof DnsRecord.Ptr ptr) || !r.name().equalsIgnoreCase(SERVICE)) {
                continue;
            }
            String target = ptr.target().toLowerCase(Locale.ROOT);
            String label = target.split("\\.", 2)[0];
            if (label.equalsIgnoreCase(ownName) || out.containsKey(target)) {
                continue;
            }
            PeerId peer = null;
            List<Multiaddr> addrs = new ArrayList<>();
            int parsed = 0;
            for (DnsRecord.Txt t : txt.getOrDefault(target, List.of())) {
                for (byte[] s : t.strings()) {
                    String text = new String(s, StandardCharsets.UTF_8);
                    if (!text.startsWith(DNSADDR) || parsed++ >= MAX_DNSADDRS) {
                        continue;
                    }
                    try {
                        Multiaddr a = Multiaddr.parse(text.substring(DNSADDR.length()));
                        Optional<PeerId> p = a.peerId();
                        if (p.isEmpty()) {
                            continue;
                        }
                        if (peer == null) {
                            peer = p.get();
                        }
                        if (peer.equals(p.get()) && !addrs.contains(a)) {
                            addrs.add(a);
                        }
                    } catch (IllegalArgumentException e) {
                        // not a multiaddr we know: skip this one
                    }
                }
            }
            if (peer != null) {
                out.put(target, new Found(label, peer, List.copyOf(addrs), r.ttl()));
            }
        }
        return List.copyOf(out.values());
    }

    /**
     * The addresses worth dialling: {@code /ip4/<a>/tcp/<port>/p2p/<peer>} with {@code a} inside {@code link}'s subnet
     * and allowed by {@code usable}; never loopback, wildcard, multicast or broadcast; at most
     * {@link NearbyPeers#MAX_ADDRESSES}.
     */
    static List<Multiaddr> dialable(List<Multiaddr> addresses, Link link, Predicate<InetAddress> usable) {
        List<Multiaddr> out = new ArrayList<>();
        for (Multiaddr a : addresses) {
            if (out.size() == NearbyPeers.MAX_ADDRESSES) {
                break;
            }
            List<Multiaddr.Component> c = a.components();
            if (c.size() != 3 || c.get(0).protocol() != Multiaddr.Protocol.IP4 || c.get(1).protocol() != Multiaddr.Protocol.TCP
                    || c.get(2).protocol() != Multiaddr.Protocol.P2P) {
                continue;
            }
            InetAddress ip;
            try {
                ip = InetAddress.getByAddress(c.get(0).value());
            } catch (UnknownHostException e) {
                continue;
            }
            byte[] b = ip.getAddress();
            boolean broadcast = (b[3] & 0xFF) == 255 || (b[0] & 0xFF) >= 240;
            if (ip.isLoopbackAddress() || ip.isAnyLocalAddress() || ip.isMulticastAddress() || broadcast
                    || !link.contains(ip) || !usable.test(ip)) {
                continue;
            }
            int port = ((c.get(1).value()[0] & 0xFF) << 8) | (c.get(1).value()[1] & 0xFF);
            if (port == 0) {
                continue;
            }
            out.add(a);
        }
        return out;
    }

    private void dial(PeerId peer, List<Multiaddr> addresses) {
        if (!dialSlots.tryAcquire()) {
            peers.unclaimDial(peer); // all slots busy: the next answer tries again
            return;
        }
        try {
            host.execute(() -> {
                try {
                    for (Multiaddr a : addresses.subList(0, Math.min(addresses.size(), MAX_ADDRESSES_DIALLED))) {
                        if (closed || host.connection(peer) != null) {
                            return;
                        }
                        try {
                            host.dial(a, DIAL_TIMEOUT);
                            LOG.info("connected to nearby peer {} at {}", peer, a);
                            return;
                        } catch (IOException | RuntimeException e) {
                            LOG.debug("nearby peer {} not reachable at {}: {}", peer, a, e.toString());
                        }
                    }
                } finally {
                    dialSlots.release();
                }
            });
        } catch (RuntimeException e) {
            dialSlots.release();
            throw e;
        }
    }

    // --- answering ---

    /** Answers now, or once {@link #MIN_ANSWER_GAP} after the last answer on this link (one answer for all queries in between). */
    private void answerOn(Link link) {
        long now = System.nanoTime();
        long wait;
        synchronized (lastAnswer) {
            Long last = lastAnswer.get(link.name());
            wait = last == null ? 0 : MIN_ANSWER_GAP.toNanos() - (now - last);
            if (wait <= 0) {
                lastAnswer.put(link.name(), now);
            } else if (!pendingAnswer.add(link.name())) {
                return; // one is already coming
            }
        }
        if (wait <= 0) {
            sendAnswer(link);
            return;
        }
        timer.schedule(() -> {
            synchronized (lastAnswer) {
                pendingAnswer.remove(link.name());
                lastAnswer.put(link.name(), System.nanoTime());
            }
            sendAnswer(link);
        }, wait, TimeUnit.NANOSECONDS);
    }

    private void sendAnswer(Link link) {
        List<Multiaddr> mine = announced(link, host.listenAddresses(), host.peerId());
        if (!mine.isEmpty()) {
            send(response(peerName, mine), link);
        }
    }

    /** Our listen addresses that belong to {@code link}, each with {@code /p2p/<us>}; at most {@link #MAX_ANNOUNCED}. */
    static List<Multiaddr> announced(Link link, List<Multiaddr> listenAddresses, PeerId us) {
        List<Multiaddr> out = new ArrayList<>();
        for (Multiaddr a : listenAddresses) {
            if (out.size() == MAX_ANNOUNCED) {
                break;
            }
            Optional<InetSocketAddress> tcp = a.tcpAddress();
            if (tcp.isPresent() && !tcp.get().isUnresolved() && link.owns(tcp.get().getAddress())) {
                Multiaddr full = a.withoutPeer().withPeer(us);
                if ((DNSADDR + full).length() <= 255 && !out.contains(full)) {
                    out.add(full);
                }
            }
        }
        return out;
    }

    /**
     * Our answer: the PTR record and one TXT record per address, all in the answer section as js-libp2p writes them
     * (the spec puts the TXT records in the additional section; js-libp2p and go-libp2p read both).
     */
    static byte[] response(String peerName, List<Multiaddr> addresses) {
        String instance = peerName + "." + SERVICE;
        List<DnsRecord> answers = new ArrayList<>();
        answers.add(new DnsRecord(SERVICE, TTL_SECONDS, new DnsRecord.Ptr(instance)));
        for (Multiaddr a : addresses) {
            answers.add(new DnsRecord(instance, TTL_SECONDS, DnsRecord.Txt.of(DNSADDR + a)));
        }
        return DnsMessage.response(answers, List.of()).encode();
    }

    private void send(byte[] packet, Link link) {
        DatagramChannel ch = channel;
        if (ch == null || closed) {
            return;
        }
        try {
            synchronized (sendLock) {
                ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, link.nif());
                ch.send(ByteBuffer.wrap(packet), new InetSocketAddress(InetAddress.getByName(GROUP), PORT));
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.debug("mDNS send on {} failed: {}", link.name(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        DatagramChannel ch = channel;
        if (ch != null) {
            try {
                ch.close(); // leaves the groups and ends the receive loop
            } catch (IOException ignored) {
                // closing
            }
        }
        Thread r = receiver;
        if (r != null) {
            try {
                r.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
