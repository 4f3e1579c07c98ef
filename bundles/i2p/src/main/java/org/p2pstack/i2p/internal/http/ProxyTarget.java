package org.p2pstack.i2p.internal.http;

import java.util.Locale;

import org.p2pstack.api.i2p.I2pAddress;

/**
 * What a browser asks the HTTP proxy for: the absolute-form target {@code http://host[:port]/path?query}
 * (RFC 9112 §3.2.2), split and checked. Only {@code http} and only I2P hosts are accepted.
 *
 * @param host lower-case host: a {@code .i2p} name or a {@code .b32.i2p} address
 * @param path origin-form path and query, at least {@code /}
 */
public record ProxyTarget(String host, String path) {

    /** Why a target is refused, so the proxy can show the right page. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean notI2p;

        Refused(String message, boolean notI2p) {
            super(message);
            this.notI2p = notI2p;
        }

        /** True when the URL is fine but its host is not on I2P (a clearnet host). */
        public boolean notI2p() {
            return notI2p;
        }
    }

    /** Parses the target of a proxied request. */
    public static ProxyTarget parse(String target) throws Refused {
        String lower = target.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://")) {
            if (lower.startsWith("https://")) {
                throw new Refused("https is not supported by the I2P proxy: use http://", false);
            }
            throw new Refused("the proxy only accepts absolute http:// URLs", false);
        }
        String rest = target.substring("http://".length());
        int slash = indexOfAny(rest, "/?#");
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        int hash = path.indexOf('#');
        if (hash >= 0) {
            path = path.substring(0, hash);
        }
        if (path.isEmpty() || path.charAt(0) != '/') {
            path = "/" + path;
        }
        if (authority.contains("@")) {
            throw new Refused("user names in URLs are not accepted", false);
        }
        String host = authority;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0) {
            String port = authority.substring(colon + 1);
            host = authority.substring(0, colon);
            if (!port.isEmpty() && !port.equals("80")) {
                throw new Refused("I2P sites are reached without a port number", I2pAddress.tryParse(host).isEmpty());
            }
        }
        if (host.isBlank()) {
            throw new Refused("no host in URL", false);
        }
        try {
            host = I2pAddress.parse(host).host();
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage(), true);
        }
        return new ProxyTarget(host, path);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
