package org.p2pstack.api.follow;

import java.util.List;

/**
 * A person's page as fetched over I2P: their verified profile and their posts.
 *
 * @param nickname  from their signed profile record
 * @param b32       their address, checked to be the one the record was signed for and fetched from
 * @param seq       the record's sequence number
 * @param bio       their short text (not signed; it came over I2P from their address)
 * @param hasAvatar whether they have a profile picture
 * @param items     their posts, newest first
 * @param following whether this node follows them
 */
public record FriendPage(String nickname, String b32, long seq, String bio, boolean hasAvatar, List<FriendItem> items,
        boolean following) {

    public FriendPage {
        items = List.copyOf(items);
    }
}
