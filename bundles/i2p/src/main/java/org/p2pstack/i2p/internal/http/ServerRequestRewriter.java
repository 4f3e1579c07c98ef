package org.p2pstack.i2p.internal.http;

import java.util.Locale;
import java.util.Objects;

import org.p2pstack.api.web.WebSites;

/**
 * What the server tunnel does to a visitor's request head before the public site sees it: identity
 * headers that the visitor may have forged are removed and replaced by the verified ones, the node's own
 * {@code X-P2PStack-*} headers are removed and the tunnel secret added (the public site trusts {@code X-I2P-*}
 * only next to it, so a direct loopback client cannot pose as a visitor), hop-by-hop headers go, and the
 * connection is closed after one answer.
 */
public final class ServerRequestRewriter {

    /** Headers the tunnel sets; any visitor-sent {@code X-I2P-*} header is dropped first. */
    public static final String DEST_B32 = "X-I2P-DestB32";
    public static final String DEST_B64 = "X-I2P-DestB64";
    public static final String DEST_HASH = "X-I2P-DestHash";
    /** Prefixes of headers only the tunnel may set (lower case). */
    static final String I2P_PREFIX = "x-i2p-";
    static final String NODE_PREFIX = "x-p2pstack-";

    static final String[] HOP_BY_HOP = {"Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization",
        "Proxy-Authenticate", "TE", "Trailer", "Upgrade", "Forwarded", "X-Forwarded-For", "X-Forwarded-Host",
        "X-Forwarded-Proto", "X-Real-IP", "Via"};

    private final String host;
    private final String tunnelSecret;

    /**
     * @param host         the value of {@code Host} the site sees (the node's own b32)
     * @param tunnelSecret the node's per-start secret, sent in {@link WebSites#TUNNEL_HEADER}
     */
    public ServerRequestRewriter(String host, String tunnelSecret) {
        this.host = Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tunnelSecret, "tunnelSecret");
        // it goes into a header line as it is
        if (tunnelSecret.isBlank() || !tunnelSecret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("the tunnel secret must be visible ASCII without spaces");
        }
        this.tunnelSecret = tunnelSecret;
    }

    /** Checks the request line and returns the head to send to the public site. */
    public HttpHead rewrite(HttpHead visitorHead, Visitor visitor) throws HttpParseException {
        RequestLine line = RequestLine.parse(visitorHead.startLine());
        String target = line.target();
        if (!line.isOriginForm()) {
            // absolute form ("http://x.b32.i2p/p") is legal; the public site gets only the path
            String lower = target.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("http://")) {
                throw new HttpParseException(400, "unsupported request target");
            }
            int slash = target.indexOf('/', "http://".length());
            target = slash < 0 ? "/" : target.substring(slash);
        }
        if (line.method().equals("CONNECT")) {
            throw new HttpParseException(405, "CONNECT is not allowed");
        }
        HttpHead h = visitorHead.withoutPrefix(I2P_PREFIX).withoutPrefix(NODE_PREFIX).without(HOP_BY_HOP)
                .withStartLine(line.method() + " " + target + " HTTP/1.1");
        return h.with("Host", host)
                .with(DEST_B32, visitor.b32())
                .with(DEST_B64, visitor.b64())
                .with(DEST_HASH, visitor.hashB64())
                .with(WebSites.TUNNEL_HEADER, tunnelSecret)
                .with("Connection", "close");
    }
}
