package org.p2pstack.api.follow;

import java.time.Instant;
import java.util.Objects;

/**
 * Someone this node follows.
 *
 * @param nickname    their nickname, from their last verified profile record
 * @param b32         their I2P address ({@code <52 characters>.b32.i2p})
 * @param name        the address-book name that points to them ({@code alice.i2p}), or null
 * @param seq         the sequence number of their last verified profile record
 * @param followedAt  when they were followed
 * @param lastFetched when their feed was last fetched, or null
 * @param problem     why the last fetch failed, in plain words, or null
 */
public record Friend(String nickname, String b32, String name, long seq, Instant followedAt, Instant lastFetched,
        String problem) {

    public Friend {
        Objects.requireNonNull(nickname, "nickname");
        Objects.requireNonNull(b32, "b32");
        Objects.requireNonNull(followedAt, "followedAt");
    }
}
