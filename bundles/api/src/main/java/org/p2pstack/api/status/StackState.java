package org.p2pstack.api.status;

import java.util.Locale;

/** Life-cycle state of one network stack (I2P, IPFS, swarm, torrent...). */
public enum StackState {
    /** The stack is coming up (router starting, tunnels building, DHT bootstrapping...). */
    STARTING,
    /** The stack is usable. */
    RUNNING,
    /** The stack stopped working; {@link StackStatus#message()} says why. */
    FAILED,
    /** The stack's bundle is not installed or not active. */
    ABSENT;

    /** The lower-case name used in JSON and on the console. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
