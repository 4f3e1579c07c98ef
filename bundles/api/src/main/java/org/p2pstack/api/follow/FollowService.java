package org.p2pstack.api.follow;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.p2pstack.api.profile.ProfileRecord;

/**
 * The people this node follows. A friend is known by their I2P address (b32); following fetches their signed
 * profile over I2P, checks it, puts {@code <nickname>.i2p} into the local address book (never taking a name
 * that points to someone else) and from then on fetches their feed periodically. Every change of the list is told
 * to each {@link FollowListener}. Provided by the social bundle.
 */
@ProviderType
public interface FollowService {

    /** Most people followed (and most addresses waiting to be followed). */
    int MAX_FOLLOWS = 500;

    /**
     * Fetches a person's page over I2P: their signed profile record (checked against the address it came from)
     * and their posts. {@code address} is a {@code .b32.i2p} address, a {@code name.i2p} from the address book
     * or a URL with one of those as host.
     */
    FriendPage visit(String address) throws FollowException;

    /** Visits {@code address} and follows the person; following someone again refreshes what is known. */
    Friend follow(String address) throws FollowException;

    /**
     * Keeps {@code address} to be followed as soon as the person can be reached (their node is off, or I2P is
     * still starting); the node tries again at every feed refresh.
     */
    void followLater(String address) throws FollowException;

    /**
     * Stops following (by b32 or by the address-book name the friend got): forgets them, their posts, and the
     * address-book name following added. True when they were followed or waiting.
     */
    boolean unfollow(String address);

    /** The people followed, in the order they were followed. */
    List<Friend> following();

    /**
     * The people followed, each by their last verified profile record (with their swarm key when they linked their
     * networks), in the order they were followed.
     *
     * @since 1.1
     */
    List<ProfileRecord> followedRecords();

    /** Addresses waiting to be followed. */
    List<String> pending();

    /** Followed people's posts, newest first (at most {@link FriendItem#MAX_PER_FRIEND} per friend). */
    List<FriendItem> friendsItems();

    /** Fetches every friend's feed now (and tries the waiting addresses), instead of at the next refresh. */
    void refreshNow();

    /**
     * Fetches one followed friend's page now, because their node said it changed; several calls for the same friend
     * while a fetch is under way make one more fetch, not many. Nothing happens for someone not followed.
     *
     * @since 1.2
     */
    void refreshFriend(String b32);
}
