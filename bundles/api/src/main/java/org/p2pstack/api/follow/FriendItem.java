package org.p2pstack.api.follow;

import java.time.Instant;
import java.util.Objects;

/**
 * One post on a friend's page (a video or a picture), as their feed describes it.
 *
 * @param b32         the friend's address
 * @param nickname    the friend's nickname
 * @param id          the item's id on the friend's node (16 hex digits)
 * @param kind        {@code video} or {@code picture}
 * @param contentType the media type the friend gives
 * @param size        bytes
 * @param description the friend's description
 * @param created     when the friend published it
 * @param thumbnail   whether the friend offers a poster picture
 * @param sha256      lower-case hex SHA-256 of the media file as the friend's feed names it, or "" when it names none
 *                    (the fingerprint against which a copy kept by another follower is checked; since 1.2)
 */
public record FriendItem(String b32, String nickname, String id, String kind, String contentType, long size,
        String description, Instant created, boolean thumbnail, String sha256) {

    /** Most posts kept per friend. */
    public static final int MAX_PER_FRIEND = 50;

    public FriendItem {
        Objects.requireNonNull(b32, "b32");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
        sha256 = sha256 != null && sha256.matches("[0-9a-f]{64}") ? sha256 : "";
    }

    /** An item whose feed names no fingerprint. */
    public FriendItem(String b32, String nickname, String id, String kind, String contentType, long size,
            String description, Instant created, boolean thumbnail) {
        this(b32, nickname, id, kind, contentType, size, description, created, thumbnail, "");
    }
}
