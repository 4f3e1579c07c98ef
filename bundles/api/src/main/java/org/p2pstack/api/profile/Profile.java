package org.p2pstack.api.profile;

import java.time.Instant;

/**
 * The user's public profile.
 *
 * @param nickname     validated nickname (see {@link ProfileService#MAX_NICKNAME})
 * @param bio          short text, possibly empty
 * @param hasAvatar    whether a profile picture is set
 * @param updated      last change of any field
 * @param revision     increases with every change (for caches and, later, signed records)
 * @param linkNetworks whether the user chose to link their I2P address to their Hyperswarm and IPFS identities:
 *                     only then does the signed profile record name the swarm key and the IPFS peer id (so
 *                     followers join the user's chat by themselves), and only then does the node gossip that
 *                     record from its own swarm connections. Off unless the user turns it on.
 */
public record Profile(String nickname, String bio, boolean hasAvatar, Instant updated, long revision, boolean linkNetworks) {

    /** A profile whose networks are not linked (the default). */
    public Profile(String nickname, String bio, boolean hasAvatar, Instant updated, long revision) {
        this(nickname, bio, hasAvatar, updated, revision, false);
    }
}
