package org.p2pstack.social.internal.directory;

import org.p2pstack.api.profile.ProfileRecord;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * This node's own signed profile record (what {@code /profile.json} serves and what the directory gossips).
 * Registered as a service inside the core bundle so the directory gossip and the public site share one
 * source; re-signed with {@code seq + 1} on every profile change.
 */
public interface OwnProfileRecord {

    /** The current signed record; empty until the node has an I2P identity and a nickname. */
    Optional<ProfileRecord> current();

    /** Calls {@code listener} with every newly signed record until the returned handle is closed. */
    AutoCloseable onChange(Consumer<ProfileRecord> listener);
}
