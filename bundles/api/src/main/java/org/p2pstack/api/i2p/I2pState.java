package org.p2pstack.api.i2p;

import java.util.Locale;

/** Where the I2P stack is in its life cycle. */
public enum I2pState {
    /** Not started, or stopped. */
    STOPPED,
    /** The router (or the I2CP connection to an external router) is coming up. */
    STARTING,
    /** The router runs; the node's client tunnels are being built. */
    BUILDING_TUNNELS,
    /** The node's destination is published and reachable; streams and fetches work. */
    READY,
    /** Something went wrong; the status message says what. */
    FAILED;

    /** The lower-case name used in JSON and on the console. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
