package org.p2pstack.api.dapp;

/** Where a dApp found in {@code deploy/} (or installed by the owner) stands. */
public enum DappState {
    /** Running: its pages answer. */
    ACTIVE,
    /** Installed, waiting to start (for example while the node starts). */
    INSTALLED,
    /** It could not be resolved or started; the reason says why in plain words. */
    FAILED,
    /** Not usable as a dApp at all: not a bundle, a bad name, a name already taken, an unknown permission. */
    INVALID
}
