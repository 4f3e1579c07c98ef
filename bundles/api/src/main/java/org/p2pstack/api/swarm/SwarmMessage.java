package org.p2pstack.api.swarm;

/**
 * A message a peer sent us.
 *
 * @param peerKey the sender's swarm public key, hex
 * @param data    the bytes (a copy the listener may keep)
 */
public record SwarmMessage(String peerKey, byte[] data) {
}
