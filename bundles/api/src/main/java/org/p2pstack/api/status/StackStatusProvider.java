package org.p2pstack.api.status;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Registered as an OSGi service by each stack bundle; the core's status service collects them.
 * A stack that is not installed simply has no provider and is shown as {@link StackState#ABSENT}.
 * Implementations must answer quickly and never block on the network.
 */
@ConsumerType
public interface StackStatusProvider {

    /** Short, stable stack name: {@code i2p}, {@code ipfs}, {@code swarm}, {@code torrent}. */
    String stackName();

    /** The stack's current health. */
    StackStatus status();

    /**
     * Public identifiers this stack gives the node, merged into the {@code identity} section of the
     * status (for example {@code b32} from I2P, {@code ipfsPeerId} from IPFS). Empty by default.
     */
    default Map<String, String> identity() {
        return Map.of();
    }
}
