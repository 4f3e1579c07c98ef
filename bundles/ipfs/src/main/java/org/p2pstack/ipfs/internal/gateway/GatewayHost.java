package org.p2pstack.ipfs.internal.gateway;

import java.util.Locale;

/**
 * What the {@code Host} header of a request on the content origin names. The header is untrusted: a DNS-rebinding
 * page reaches 127.0.0.1:8183 under a name of its own, so only three forms are answered, each with the gateway's
 * own port: {@code <label>.ipfs.localhost} (kubo's subdomain gateway, one origin per CID), and {@code localhost} or
 * {@code 127.0.0.1} (the path form {@code /ipfs/<cid>/...}, which only redirects to the subdomain form).
 */
sealed interface GatewayHost {

    /** Longest Host header looked at: a CID label ({@code Cid.MAX_STRING_LENGTH}), the suffix and a port. */
    int MAX_HOST_HEADER = 600;
    /** The subdomain gateway's suffix; Chromium and Firefox resolve every {@code *.localhost} name to loopback. */
    String SUBDOMAIN_SUFFIX = ".ipfs.localhost";

    /** {@code <label>.ipfs.localhost:<port>}: the label (lower case) should be a CIDv1 in base32. */
    record Subdomain(String label) implements GatewayHost {
    }

    /** {@code localhost:<port>} or {@code 127.0.0.1:<port>}. */
    record PathForm() implements GatewayHost {
    }

    /** Any other name or port: refused with 421. */
    record Foreign() implements GatewayHost {
    }

    static GatewayHost parse(String header, int port) {
        if (header == null || header.length() > MAX_HOST_HEADER) {
            return new Foreign();
        }
        String host = header.trim().toLowerCase(Locale.ROOT);
        String suffix = ":" + port;
        if (host.endsWith(suffix)) {
            host = host.substring(0, host.length() - suffix.length());
        } else if (port != 80 || host.indexOf(':') >= 0) {
            return new Foreign();
        }
        if (host.equals("localhost") || host.equals("127.0.0.1")) {
            return new PathForm();
        }
        if (host.endsWith(SUBDOMAIN_SUFFIX) && host.length() > SUBDOMAIN_SUFFIX.length()) {
            return new Subdomain(host.substring(0, host.length() - SUBDOMAIN_SUFFIX.length()));
        }
        return new Foreign();
    }
}
