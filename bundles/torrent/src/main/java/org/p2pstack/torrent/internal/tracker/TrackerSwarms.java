package org.p2pstack.torrent.internal.tracker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The peers of every torrent the WebTorrent tracker has seen, and which peer gets which offer. Browsers
 * announce with WebRTC offers; the tracker hands each offer to one other peer of the same torrent and
 * relays that peer's answer back. Counts are bounded: this is fed by whatever connects.
 *
 * @param <C> the connection type (a WebSocket session in the server, anything in tests)
 */
public final class TrackerSwarms<C> {

    /** Most peers remembered per torrent; the oldest is forgotten first. */
    public static final int MAX_PEERS_PER_TORRENT = 200;
    /** Most torrents tracked at once. */
    public static final int MAX_TORRENTS = 1000;

    /** One peer of one torrent. */
    public record Peer<C>(String peerId, C connection, boolean complete) {
    }

    private final Map<String, LinkedHashMap<String, Peer<C>>> swarms = new HashMap<>();

    /**
     * Records an announce and returns the peers that should receive this peer's offers (at most
     * {@code wanted}, never the peer itself), or empty when the tracker is full.
     */
    public synchronized Optional<List<Peer<C>>> announce(String infoHash, String peerId, C connection, String event,
            boolean complete, int wanted) {
        LinkedHashMap<String, Peer<C>> swarm = swarms.get(infoHash);
        if ("stopped".equals(event)) {
            if (swarm != null) {
                swarm.remove(peerId);
                if (swarm.isEmpty()) {
                    swarms.remove(infoHash);
                }
            }
            return Optional.of(List.of());
        }
        if (swarm == null) {
            if (swarms.size() >= MAX_TORRENTS) {
                return Optional.empty();
            }
            swarm = new LinkedHashMap<>();
            swarms.put(infoHash, swarm);
        }
        swarm.remove(peerId); // re-insert as the newest
        swarm.put(peerId, new Peer<>(peerId, connection, complete));
        while (swarm.size() > MAX_PEERS_PER_TORRENT) {
            swarm.remove(swarm.keySet().iterator().next());
        }
        List<Peer<C>> others = new ArrayList<>();
        for (Peer<C> peer : swarm.values()) {
            if (!peer.peerId().equals(peerId)) {
                others.add(peer);
            }
        }
        Collections.shuffle(others);
        return Optional.of(others.subList(0, Math.min(wanted, others.size())));
    }

    /** The peer an answer is addressed to. */
    public synchronized Optional<Peer<C>> find(String infoHash, String peerId) {
        return Optional.ofNullable(swarms.get(infoHash)).map(s -> s.get(peerId));
    }

    /** Complete and incomplete peers of a torrent. */
    public synchronized int[] counts(String infoHash) {
        LinkedHashMap<String, Peer<C>> swarm = swarms.get(infoHash);
        if (swarm == null) {
            return new int[] { 0, 0 };
        }
        int complete = (int) swarm.values().stream().filter(Peer::complete).count();
        return new int[] { complete, swarm.size() - complete };
    }

    /** Forgets a closed connection in every torrent. */
    public synchronized void forget(C connection) {
        swarms.values().forEach(swarm -> swarm.values().removeIf(peer -> peer.connection().equals(connection)));
        swarms.values().removeIf(Map::isEmpty);
    }

    public synchronized int torrentCount() {
        return swarms.size();
    }
}
