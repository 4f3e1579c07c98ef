package org.p2pstack.api.ipfs;

import java.util.List;
import java.util.Objects;

/**
 * A libp2p peer as this node knows it.
 *
 * @param peerId    the peer ID in its usual base58btc form ({@code 12D3Koo...} or {@code Qm...})
 * @param addresses multiaddrs the peer is reachable at (for a connected peer, the connection's remote address first)
 * @param agent     the peer's agent version from identify, or empty if unknown
 * @param protocols protocols the peer said it supports, or empty if unknown
 */
public record PeerInfo(String peerId, List<String> addresses, String agent, List<String> protocols) {

    public PeerInfo {
        Objects.requireNonNull(peerId, "peerId");
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        agent = agent == null ? "" : agent;
        protocols = protocols == null ? List.of() : List.copyOf(protocols);
    }
}
