package org.p2pstack.i2p.internal.http;

import java.util.Locale;

/**
 * What the browser proxy does to a browser's request before it goes over I2P: the absolute URL becomes a
 * path, and headers that could identify the user beyond their destination, or that only concern the hop
 * to the proxy, are removed.
 */
public final class ProxyRequestRewriter {

    /** The user agent every request carries (the one I2P's own proxy sends), so browsers are not told apart. */
    public static final String USER_AGENT = "MYOB/6.66 (AN/ON)";

    static final String[] DROPPED = {"Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization",
        "TE", "Trailer", "Upgrade", "Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto",
        "X-Real-IP", "Via", "From", "User-Agent", "Host"};

    private ProxyRequestRewriter() {
    }

    /** The head to send to {@code target.host()} over I2P. */
    public static HttpHead rewrite(HttpHead browserHead, RequestLine line, ProxyTarget target) {
        HttpHead h = browserHead.withoutPrefix("x-i2p-").without(DROPPED)
                .withStartLine(line.method() + " " + target.path() + " HTTP/1.1");
        String referer = h.get("Referer");
        if (referer != null && !sameHost(referer, target.host())) {
            // never tell an I2P site which other site (or clearnet page) sent the user
            h = h.without("Referer");
        }
        String origin = h.get("Origin");
        if (origin != null && !sameHost(origin, target.host())) {
            h = h.without("Origin");
        }
        return h.with("Host", target.host()).with("User-Agent", USER_AGENT).with("Connection", "close");
    }

    static boolean sameHost(String url, String host) {
        String u = url.toLowerCase(Locale.ROOT);
        String prefix = "http://" + host;
        return u.equals(prefix) || u.startsWith(prefix + "/");
    }

    /** The response head for the browser: hop-by-hop headers replaced by {@code Connection: close}. */
    public static HttpHead rewriteResponse(HttpHead siteHead) throws HttpParseException {
        String start = siteHead.startLine();
        if (!(start.startsWith("HTTP/1.1 ") || start.startsWith("HTTP/1.0 ")) || start.length() < 12) {
            throw new HttpParseException(502, "the site sent a malformed answer");
        }
        String code = start.substring(9, 12);
        if (!code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HttpParseException(502, "the site sent a malformed status");
        }
        return siteHead.without("Connection", "Keep-Alive", "Proxy-Connection", "Upgrade", "Trailer")
                .with("Connection", "close");
    }
}
