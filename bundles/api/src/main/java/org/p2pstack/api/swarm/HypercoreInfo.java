package org.p2pstack.api.swarm;

/**
 * A core's state.
 *
 * @param key      its public key, hex
 * @param name     the local name of one of our own cores, or empty
 * @param length   number of blocks
 * @param writable true for our own cores
 * @param peers    peers replicating it now
 */
public record HypercoreInfo(String key, String name, long length, boolean writable, int peers) {
}
