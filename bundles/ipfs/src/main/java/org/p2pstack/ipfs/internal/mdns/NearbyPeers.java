package org.p2pstack.ipfs.internal.mdns;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.p2pstack.ipfs.internal.multiformats.Multiaddr;
import org.p2pstack.ipfs.internal.multiformats.PeerId;

/**
 * The peers mDNS answers told us about, each until its announced TTL (at most {@link #MAX_TTL}) runs out; every answer
 * refreshes it. Bounded: at most {@code maxPeers} peers, at most {@link #MAX_PEERS_PER_SENDER} announced from one
 * address, at most {@link #MAX_ADDRESSES} addresses each; a full table takes no new peer until one expires (so a flood
 * of invented peers cannot push out the real ones it already holds). Thread-safe.
 */
public final class NearbyPeers {

    /** Longest a peer stays without a fresh answer: what libp2p peers announce (120 s). */
    static final Duration MAX_TTL = Duration.ofSeconds(120);
    /** Most peers one sender address may announce. */
    static final int MAX_PEERS_PER_SENDER = 8;
    /** Most addresses kept per peer. */
    static final int MAX_ADDRESSES = 8;
    /** Least time between two dial attempts to the same peer. */
    static final Duration REDIAL_AFTER = Duration.ofSeconds(60);

    /** A peer found on the local network. */
    public record Nearby(PeerId peer, List<Multiaddr> addresses, Instant expires) {
    }

    private static final class Entry {
        List<Multiaddr> addresses;
        InetAddress sender;
        long expires;
        long lastDial;
        boolean dialled;
    }

    private final int maxPeers;
    private final LongSupplier nanoTime;
    private final Map<PeerId, Entry> peers = new LinkedHashMap<>();

    NearbyPeers(int maxPeers, LongSupplier nanoTime) {
        this.maxPeers = maxPeers;
        this.nanoTime = nanoTime;
    }

    /**
     * Records an answer from {@code sender}: {@code peer} at {@code addresses} for {@code ttlSeconds} (0 removes it, as
     * an mDNS goodbye does). Returns false if the answer was not kept (table full, sender over its share, goodbye).
     */
    synchronized boolean seen(PeerId peer, List<Multiaddr> addresses, long ttlSeconds, InetAddress sender) {
        long now = nanoTime.getAsLong();
        purge(now);
        if (ttlSeconds <= 0 || addresses.isEmpty()) {
            peers.remove(peer);
            return false;
        }
        Entry e = peers.get(peer);
        if (e == null) {
            if (peers.size() >= maxPeers) {
                return false;
            }
            long fromSender = peers.values().stream().filter(x -> x.sender.equals(sender)).count();
            if (fromSender >= MAX_PEERS_PER_SENDER) {
                return false;
            }
            e = new Entry();
            peers.put(peer, e);
        }
        e.addresses = List.copyOf(addresses.subList(0, Math.min(addresses.size(), MAX_ADDRESSES)));
        e.sender = sender;
        e.expires = now + Duration.ofSeconds(Math.min(ttlSeconds, MAX_TTL.toSeconds())).toNanos();
        return true;
    }

    /**
     * True, and noted, if {@code peer} may be dialled now: it is in the table and was not dialled in the last
     * {@link #REDIAL_AFTER}.
     */
    synchronized boolean claimDial(PeerId peer) {
        long now = nanoTime.getAsLong();
        Entry e = peers.get(peer);
        if (e == null || now - e.expires >= 0 || (e.dialled && now - e.lastDial < REDIAL_AFTER.toNanos())) {
            return false;
        }
        e.dialled = true;
        e.lastDial = now;
        return true;
    }

    /** Forgets a claim that was not used (no dial slot was free), so the next answer tries again. */
    synchronized void unclaimDial(PeerId peer) {
        Entry e = peers.get(peer);
        if (e != null) {
            e.dialled = false;
        }
    }

    /** The peers not expired, oldest first. */
    synchronized List<Nearby> list() {
        long now = nanoTime.getAsLong();
        purge(now);
        Instant wall = Instant.now();
        List<Nearby> out = new ArrayList<>(peers.size());
        peers.forEach((p, e) -> out.add(new Nearby(p, e.addresses, wall.plusNanos(e.expires - now))));
        return out;
    }

    synchronized Optional<Nearby> get(PeerId peer) {
        return list().stream().filter(n -> n.peer().equals(peer)).findFirst();
    }

    synchronized int size() {
        purge(nanoTime.getAsLong());
        return peers.size();
    }

    private void purge(long now) {
        peers.values().removeIf(e -> now - e.expires >= 0);
    }
}
