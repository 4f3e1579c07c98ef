package org.p2pstack.api.swarm;

/**
 * A connected peer.
 *
 * @param publicKey their swarm public key, hex
 * @param host      their address as seen by us
 * @param port      their UDP port
 * @param initiator true when we opened the connection
 */
public record SwarmPeer(String publicKey, String host, int port, boolean initiator) {
}
