package org.p2pstack.core.internal.directory;

import java.util.List;

/**
 * The people this node follows, each by their last verified profile record (b32, nickname, swarm key…).
 * Registered as a service inside the core bundle: the feed subscription, the chat rooms and the page read it.
 */
public interface Follows {

    /** Followed people's newest known records, in the order they were followed. */
    List<ProfileRecord> following();

    /** Calls {@code listener} after every follow, unfollow or record update until the handle is closed. */
    AutoCloseable onChange(Runnable listener);
}
