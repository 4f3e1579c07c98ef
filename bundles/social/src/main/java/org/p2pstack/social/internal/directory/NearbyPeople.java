package org.p2pstack.social.internal.directory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.p2pstack.api.events.PageEvents;
import org.p2pstack.api.ipfs.IpfsService;
import org.p2pstack.api.ipfs.PeerInfo;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.api.swarm.SwarmPeer;
import org.p2pstack.api.swarm.SwarmService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * People on the same local network. The IPFS stack finds nodes there by mDNS and connects to them; this asks each
 * such node for its signed profile record over that connection ({@value #PROTOCOL}) and keeps it in the directory,
 * marked nearby while the node is still found.
 * <p>
 * A record is believed only when its signature verifies and it names the very IPFS peer id that the connection's
 * Noise handshake proved: a neighbour cannot pass itself off as someone else. A node hands out its own record only
 * when the user linked their networks (the record then names the IPFS peer id anyway); otherwise it stays a
 * stranger to its neighbours.
 * <p>
 * With no internet there is no DHT to find a neighbour's swarm on, so a neighbour whose record names a swarm key is
 * also asked for its DHT port ({@value #SWARM_PORT_PROTOCOL}) and met there directly, at the address its IPFS
 * connection comes from; chat then works across the room as it does over the internet. Hyperswarm's own handshake
 * proves the swarm key, so a wrong port only fails.
 */
@Component(service = NearbyPeople.class, immediate = true)
public final class NearbyPeople {

    private static final Logger LOG = LoggerFactory.getLogger(NearbyPeople.class);
    static final String PROTOCOL = "/p2pstack/profile-record/1.0.0";
    static final String SWARM_PORT_PROTOCOL = "/p2pstack/swarm-port/1.0.0";
    /** A port in decimal; anything longer is not one. */
    static final int MAX_PORT_ANSWER_BYTES = 5;
    /** How often the nodes found on the local network are looked at. */
    static final long LOOK_SECONDS = 5;
    static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    /** A node that did not answer (or refused) is asked again after this. */
    static final Duration ASK_AGAIN = Duration.ofMinutes(2);
    /** Nearby nodes handled; the IPFS stack bounds its own list too. */
    static final int MAX_NEARBY = 64;
    /** Requests are empty; a larger one is refused. */
    static final int MAX_REQUEST_BYTES = 16;

    private final IpfsService ipfs;
    private final SwarmService swarm;
    private final DirectoryService directory;
    private final OwnProfileRecord own;
    private final PageEvents events;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final AutoCloseable answering;
    private final AutoCloseable answeringPort;
    /** swarm key -> when we last asked to meet it (timer thread only). */
    private final Map<String, Instant> met = new HashMap<>();
    /** peer id -> when it was last asked without a usable answer (timer thread only). */
    private final Map<String, Instant> refused = new HashMap<>();
    /** b32 -> the IPFS peer id it was found at, while found (replaced whole, read by any thread). */
    private volatile Map<String, String> nearby = Map.of();

    @Activate
    public NearbyPeople(@Reference IpfsService ipfs, @Reference SwarmService swarm, @Reference DirectoryService directory,
            @Reference OwnProfileRecord own, @Reference PageEvents events) {
        this(ipfs, swarm, directory, own, events, Clock.systemUTC(), true);
    }

    /** For tests: {@code schedule} false leaves {@link #look()} to the test. */
    NearbyPeople(IpfsService ipfs, SwarmService swarm, DirectoryService directory, OwnProfileRecord own, PageEvents events,
            Clock clock, boolean schedule) {
        this.ipfs = ipfs;
        this.swarm = swarm;
        this.directory = directory;
        this.own = own;
        this.events = events;
        this.clock = clock;
        this.answering = ipfs.answer(PROTOCOL, MAX_REQUEST_BYTES, (peer, request) -> ownRecord());
        this.answeringPort = ipfs.answer(SWARM_PORT_PROTOCOL, MAX_REQUEST_BYTES, (peer, request) -> ownSwarmPort());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nearby-people");
            t.setDaemon(true);
            return t;
        });
        if (schedule) {
            timer.scheduleWithFixedDelay(this::lookQuietly, LOOK_SECONDS, LOOK_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        for (AutoCloseable handle : List.of(answering, answeringPort)) {
            try {
                handle.close();
            } catch (Exception e) {
                LOG.debug("could not stop answering: {}", e.getMessage());
            }
        }
    }

    /** The b32 addresses of the people whose nodes are on the local network now. */
    public Set<String> b32s() {
        return nearby.keySet();
    }

    /** Our record for a neighbour that asks: only when it names our IPFS peer id (the user linked networks). */
    Optional<byte[]> ownRecord() {
        return own.current().filter(r -> !r.ipfsPeerId().isEmpty())
                .map(r -> ProfileRecords.toJson(r).getBytes(StandardCharsets.UTF_8));
    }

    /** Our DHT port for a neighbour that asks: only when our record names our swarm key (the user linked networks). */
    Optional<byte[]> ownSwarmPort() {
        int port = swarm.dhtPort();
        return own.current().filter(r -> !r.swarmKey().isEmpty() && port > 0)
                .map(r -> Integer.toString(port).getBytes(StandardCharsets.US_ASCII));
    }

    private void lookQuietly() {
        try {
            look();
        } catch (RuntimeException e) {
            LOG.warn("looking for people nearby failed: {}", e.toString());
        }
    }

    /** Matches the nodes found nearby with people, asking the ones not yet known; tells the pages of a change. */
    void look() {
        List<PeerInfo> found = ipfs.nearbyPeers();
        // an mDNS answer only claims a peer id; a connection (Noise) proves it, so a record already known counts
        // only for a connected peer, and any other is asked, which connects
        Set<String> connected = ipfs.peers().stream().map(PeerInfo::peerId).collect(java.util.stream.Collectors.toSet());
        Instant now = clock.instant();
        Map<String, String> next = new LinkedHashMap<>();
        Map<String, String> swarmKeys = new LinkedHashMap<>();
        for (PeerInfo peer : found.subList(0, Math.min(found.size(), MAX_NEARBY))) {
            Optional<ProfileRecord> known = connected.contains(peer.peerId()) ? directory.byIpfsPeerId(peer.peerId())
                    : Optional.empty();
            if (known.isEmpty()) {
                known = ask(peer.peerId(), now);
            }
            known.ifPresent(record -> {
                next.put(record.b32(), peer.peerId());
                if (!record.swarmKey().isEmpty()) {
                    swarmKeys.put(record.swarmKey(), peer.peerId());
                }
            });
        }
        refused.keySet().retainAll(found.stream().map(PeerInfo::peerId).toList());
        meetOnTheSwarm(swarmKeys, now);
        if (!next.equals(nearby)) {
            LOG.info("people nearby: {}", next.size());
            nearby = Map.copyOf(next);
            events.publish("nearby", Map.of("count", next.size()));
        }
    }

    /**
     * Meets each neighbour's swarm (swarm key -> IPFS peer id) we are not connected to yet, at the address of its IPFS
     * connection; forgets the meetings of those gone. Asked again after {@link #ASK_AGAIN}: a meeting that failed
     * (a node not linked, a swarm still starting) gets another chance.
     */
    private void meetOnTheSwarm(Map<String, String> swarmKeys, Instant now) {
        if (swarmKeys.isEmpty() && met.isEmpty()) {
            return; // nobody nearby: nothing to ask the stacks
        }
        for (String gone : List.copyOf(met.keySet())) {
            if (!swarmKeys.containsKey(gone)) {
                met.remove(gone);
                swarm.forgetMeeting(gone);
            }
        }
        Set<String> onTheSwarm = swarm.peers().stream().map(SwarmPeer::publicKey).collect(java.util.stream.Collectors.toSet());
        Map<String, String> hosts = new HashMap<>();
        for (PeerInfo peer : ipfs.peers()) {
            if (!peer.addresses().isEmpty()) {
                hosts.put(peer.peerId(), ipOf(peer.addresses().get(0)));
            }
        }
        swarmKeys.forEach((swarmKey, peerId) -> {
            Instant last = met.get(swarmKey);
            String host = hosts.get(peerId);
            if (onTheSwarm.contains(swarmKey) || host == null || (last != null && last.plus(ASK_AGAIN).isAfter(now))) {
                return;
            }
            met.put(swarmKey, now);
            try {
                byte[] answer = ipfs.request(peerId, SWARM_PORT_PROTOCOL, new byte[0], MAX_PORT_ANSWER_BYTES, ASK_TIMEOUT);
                int port = Integer.parseInt(new String(answer, StandardCharsets.US_ASCII));
                swarm.meet(swarmKey, host, port).whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.info("could not meet the swarm of a node nearby ({}): {}", peerId, e.getMessage());
                    }
                });
                LOG.info("meeting the swarm of a node nearby ({}) at {}:{}", peerId, host, port);
            } catch (NumberFormatException e) {
                LOG.info("a node nearby ({}) gave no DHT port", peerId);
            } catch (Exception e) {
                LOG.debug("a node nearby ({}) did not give its DHT port: {}", peerId, e.getMessage());
            }
        });
    }

    /** The IP address of a multiaddr such as /ip4/198.18.0.3/tcp/4001; null for any other kind. */
    static String ipOf(String multiaddr) {
        String[] parts = multiaddr.split("/");
        return parts.length >= 3 && (parts[1].equals("ip4") || parts[1].equals("ip6")) ? parts[2] : null;
    }

    private Optional<ProfileRecord> ask(String peerId, Instant now) {
        Instant last = refused.get(peerId);
        if (last != null && last.plus(ASK_AGAIN).isAfter(now)) {
            return Optional.empty();
        }
        try {
            byte[] answer = ipfs.request(peerId, PROTOCOL, new byte[0], ProfileRecords.MAX_RECORD_BYTES, ASK_TIMEOUT);
            ProfileRecord record = ProfileRecords.verify(new String(answer, StandardCharsets.UTF_8), now);
            if (!peerId.equals(record.ipfsPeerId())) {
                // a record that is not this node's own: someone else's, passed off as theirs
                LOG.info("a node nearby ({}) handed over a record naming another IPFS peer; ignored", peerId);
                refused.put(peerId, now);
                return Optional.empty();
            }
            directory.learntNearby(record);
            return Optional.of(record);
        } catch (ProfileRecords.InvalidRecordException e) {
            LOG.info("a node nearby ({}) handed over an invalid record: {}", peerId, e.getMessage());
        } catch (Exception e) {
            LOG.debug("a node nearby ({}) did not say who it is: {}", peerId, e.getMessage());
        }
        refused.put(peerId, now);
        return Optional.empty();
    }
}
