package org.p2pstack.api.dapp;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a dApp may use beyond its own pages, declared in {@link DappHeaders#PERMISSIONS} and shown to the owner.
 * A dApp without a permission gets neither the service (hidden from its bundle) nor the matching
 * {@code /dapps/<name>/_p2p/} endpoints.
 */
public enum DappPermission {
    /** Add, fetch and pin IPFS content. */
    IPFS("ipfs", "store and fetch files on IPFS"),
    /** Its own Hypercores (append-only logs), namespaced to the dApp. */
    HYPERCORE("hypercore", "keep its own append-only logs (Hypercore)"),
    /** Its own Hyperswarm topics and messages, namespaced to the dApp. */
    SWARM("swarm", "meet other people's copies of this app (Hyperswarm)"),
    /** Read the owner's shared items. */
    CONTENT_READ("content:read", "see your shared videos and pictures"),
    /** Read the owner's profile. */
    PROFILE_READ("profile:read", "see your name and picture"),
    /** Read whom the owner follows and their pages. */
    FRIENDS_READ("friends:read", "see whom you follow"),
    /** Read the directory of known people. */
    DIRECTORY_READ("directory:read", "see the directory of people"),
    /** Read and write the owner's chat rooms. */
    CHAT("chat", "read and send chat messages as you"),
    /** Serve pages on the owner's public (I2P) site, below {@code /dapps/<name>/} there. */
    PUBLIC_SITE("public-site", "show pages on your public site to visitors");

    private final String headerValue;
    private final String plainWords;

    DappPermission(String headerValue, String plainWords) {
        this.headerValue = headerValue;
        this.plainWords = plainWords;
    }

    /** How the permission is written in the manifest, e.g. {@code content:read}. */
    public String headerValue() {
        return headerValue;
    }

    /** What the owner is shown: what the dApp may do with it. */
    public String plainWords() {
        return plainWords;
    }

    /** The permission written as {@code value} in a manifest (case-insensitive), if there is one. */
    public static Optional<DappPermission> fromHeaderValue(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (DappPermission p : values()) {
            if (p.headerValue.equals(v)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** An empty, modifiable set. */
    public static Set<DappPermission> none() {
        return EnumSet.noneOf(DappPermission.class);
    }
}
