package org.p2pstack.core.internal.web;

import java.util.Locale;

/**
 * Rules of the public site (8182) beyond being read-only. The I2P server tunnel reaches it with the node's
 * per-start secret; anything else that connects is a program on this computer or a page in the owner's browser,
 * which must name the site by its own address (a foreign Host means DNS rebinding) and may not probe it from
 * another site (whether a visitor's browser holds the owner's pictures would link them to this node).
 */
final class PublicGate {

    record Verdict(int status, String reason) {
    }

    /** The public site's one writable path: friends' nodes post their notices here, over I2P only. */
    static final String INBOX = "/inbox";

    private PublicGate() {
    }

    static boolean isInbox(String path) {
        return INBOX.equals(path);
    }

    /** Null when the request may go on to the public site. */
    static Verdict check(boolean viaOwnTunnel, boolean hasI2pHeaders, String host, int publicPort, String fetchSite,
            String fetchMode) {
        if (viaOwnTunnel) {
            return null; // the tunnel replaced every visitor header it does not vouch for
        }
        if (hasI2pHeaders) {
            return new Verdict(403, "X-I2P headers are accepted only from this node's own I2P tunnel.");
        }
        if (!RequestGuard.isLocalHost(host, publicPort)) {
            return new Verdict(421, "This is a p2pstack public page: it answers as http://127.0.0.1:" + publicPort
                    + "/ on this computer, and through I2P by its address.");
        }
        String site = fetchSite == null ? "" : fetchSite.toLowerCase(Locale.ROOT);
        boolean navigation = "navigate".equalsIgnoreCase(fetchMode);
        if ((site.equals("cross-site") || site.equals("same-site")) && !navigation) {
            return new Verdict(403, "Other web sites cannot read or embed this page.");
        }
        return null;
    }
}
