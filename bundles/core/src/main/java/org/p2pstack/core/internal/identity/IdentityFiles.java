package org.p2pstack.core.internal.identity;

import java.util.List;

/**
 * The files that make up the owner's identity, each named by its place below the node's data folder
 * ({@code data/p2pstack/<area>/<file>}). This list is the whole of what a backup may hold and a restore may write:
 * nothing else is read from or written by a backup file.
 */
final class IdentityFiles {

    static final String I2P_DESTINATION = "i2p/destination.keys";
    static final String OWN_RECORD = "directory/own-record.json";
    /** Written once the owner chose a nickname: from then on the identity is in use, and replacing it asks first. */
    static final String PROFILE = "profile/profile.json";
    /** Where a restore leaves the lowest sequence number the next signed record may carry. */
    static final String SEQ_FLOOR = "directory/own-record-seq-floor";

    /** Areas whose bundles load these files when they start, in the order they are stopped for a restore. */
    static final List<String> BUNDLES = List.of("p2pstack-social", "p2pstack-swarm", "p2pstack-ipfs", "p2pstack-i2p");

    static final List<String> ALL = List.of(
            I2P_DESTINATION,            // the b32 address people follow, and the key that signs the profile record
            "ipfs/identity.key",        // the IPFS peer id
            "swarm/swarm-key.seed",     // the swarm key (chat, directory)
            PROFILE,                    // nickname, bio, picture type
            "profile/avatar",           // the picture
            "follows/follows.json",     // the people followed
            "social/followers.json",    // the people following
            "chat/rooms.json",          // the chat rooms sat in
            "chat/room-names.json",     // the names given to group rooms
            OWN_RECORD,                 // the signed record's sequence
            "home/state.json");         // the first-time set-up, done

    private IdentityFiles() {
    }

    static boolean known(String name) {
        return ALL.contains(name);
    }
}
