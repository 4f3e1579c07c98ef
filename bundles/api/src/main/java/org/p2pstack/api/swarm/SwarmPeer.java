package org.p2pstack.api.swarm;

import java.util.List;

/**
 * A connected peer.
 *
 * @param publicKey their swarm public key, hex
 * @param host      their address as seen by us
 * @param port      their UDP port
 * @param initiator true when we opened the connection
 * @param topics    the topics (hex) we have joined on which our lookups found this peer, so the peer announced
 *                  itself there. A peer that connected to us shows a topic once our own lookup has found it on
 *                  it (joining a topic again looks it up at once); a topic we have left is not listed.
 *                  Never null. Since 1.2.
 */
public record SwarmPeer(String publicKey, String host, int port, boolean initiator, List<String> topics) {

    public SwarmPeer {
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    /** A peer not known to be on any topic. */
    public SwarmPeer(String publicKey, String host, int port, boolean initiator) {
        this(publicKey, host, port, initiator, List.of());
    }

    /** True when this peer is known to be on {@code topicHex} (see {@link #topics()}). */
    public boolean isOn(String topicHex) {
        return topicHex != null && topics.contains(topicHex.toLowerCase(java.util.Locale.ROOT));
    }
}
