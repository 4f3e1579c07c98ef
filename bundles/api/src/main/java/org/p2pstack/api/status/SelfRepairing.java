package org.p2pstack.api.status;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Registered by a stack that can check its own health and repair itself. The node's supervisor asks
 * every such stack about once a second; when one reports a problem it calls {@link #repair()} after a
 * back-off that grows while the stack keeps failing, and the node's status says plainly what happened
 * ("I2P is reconnecting…", then when it recovered and from what).
 */
@ConsumerType
public interface SelfRepairing {

    /** The stack's name, as in {@link StackStatusProvider#stackName()}. */
    String stackName();

    /** The name people know the stack by, used in messages ("I2P", "IPFS"). */
    String displayName();

    /**
     * Empty when the stack is healthy, otherwise what is wrong in plain words ("The I2P router stopped").
     * Called about once a second: must answer at once and never block on the network.
     */
    Optional<String> problem();

    /**
     * Restarts the broken part. Runs on the supervisor's own thread and may take a while (a router or
     * script engine restart); throws with a plain message when it could not.
     */
    void repair() throws Exception;
}
