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
 */
@Component(service = NearbyPeople.class, immediate = true)
public final class NearbyPeople {

    private static final Logger LOG = LoggerFactory.getLogger(NearbyPeople.class);
    static final String PROTOCOL = "/p2pstack/profile-record/1.0.0";
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
    private final DirectoryService directory;
    private final OwnProfileRecord own;
    private final PageEvents events;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final AutoCloseable answering;
    /** peer id -> when it was last asked without a usable answer (timer thread only). */
    private final Map<String, Instant> refused = new HashMap<>();
    /** b32 -> the IPFS peer id it was found at, while found (replaced whole, read by any thread). */
    private volatile Map<String, String> nearby = Map.of();

    @Activate
    public NearbyPeople(@Reference IpfsService ipfs, @Reference DirectoryService directory,
            @Reference OwnProfileRecord own, @Reference PageEvents events) {
        this(ipfs, directory, own, events, Clock.systemUTC(), true);
    }

    /** For tests: {@code schedule} false leaves {@link #look()} to the test. */
    NearbyPeople(IpfsService ipfs, DirectoryService directory, OwnProfileRecord own, PageEvents events, Clock clock,
            boolean schedule) {
        this.ipfs = ipfs;
        this.directory = directory;
        this.own = own;
        this.events = events;
        this.clock = clock;
        this.answering = ipfs.answer(PROTOCOL, MAX_REQUEST_BYTES, (peer, request) -> ownRecord());
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
        try {
            answering.close();
        } catch (Exception e) {
            LOG.debug("could not stop answering {}: {}", PROTOCOL, e.getMessage());
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
        for (PeerInfo peer : found.subList(0, Math.min(found.size(), MAX_NEARBY))) {
            Optional<ProfileRecord> known = connected.contains(peer.peerId()) ? directory.byIpfsPeerId(peer.peerId())
                    : Optional.empty();
            if (known.isEmpty()) {
                known = ask(peer.peerId(), now);
            }
            known.ifPresent(record -> next.put(record.b32(), peer.peerId()));
        }
        refused.keySet().retainAll(found.stream().map(PeerInfo::peerId).toList());
        if (!next.equals(nearby)) {
            LOG.info("people nearby: {}", next.size());
            nearby = Map.copyOf(next);
            events.publish("nearby", Map.of("count", next.size()));
        }
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
