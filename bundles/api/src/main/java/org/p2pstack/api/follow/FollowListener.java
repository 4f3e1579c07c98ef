package org.p2pstack.api.follow;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;
import org.p2pstack.api.profile.ProfileRecord;

/**
 * Whiteboard service: register one to hear what the user does with people. The {@link FollowService} calls it
 * with the whole follow list once when it finds the listener, then after every follow, unfollow and update of a
 * followed person's record; and after every visit. Calls come from the follow service's threads: return quickly.
 *
 * @since 1.1
 */
@ConsumerType
public interface FollowListener {

    /**
     * The follow list as it is now: each followed person's last verified profile record, in the order they were
     * followed.
     */
    void followsChanged(List<ProfileRecord> followed);

    /**
     * The user visited a person: their record was fetched over I2P from the person's own address and verified. A
     * visit is a sign of trust short of following.
     */
    default void visited(ProfileRecord record) {
    }
}
