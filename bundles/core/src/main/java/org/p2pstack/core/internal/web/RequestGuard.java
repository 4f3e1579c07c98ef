package org.p2pstack.core.internal.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a request may reach the private site. The private site changes the owner's state, so
 * it answers only to this computer (loopback), never to anything that came through the I2P tunnel (those
 * carry {@code X-I2P-*} headers), never under a foreign Host name (DNS rebinding), and never to a
 * state-changing request from another site (Origin / Sec-Fetch-Site, plus a token the page must send).
 */
public final class RequestGuard {

    static final int MAX_HOST_LENGTH = 255;
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> SAME_SITE_FETCH = Set.of("same-origin", "none");
    private static final Pattern LITERAL_IP = Pattern.compile("[0-9a-fA-F:.]+");

    /** What the guard needs to know about one request (all header values may be null). */
    public record Facts(String remoteAddress, String method, String path, String host, Collection<String> headerNames,
            String origin, String fetchSite, String fetchMode, String token) {
    }

    /** The outcome: allowed, or refused with an HTTP status and a plain reason. */
    public record Verdict(boolean allowed, int status, String reason) {
        static final Verdict ALLOW = new Verdict(true, 200, "");

        static Verdict refuse(int status, String reason) {
            return new Verdict(false, status, reason);
        }
    }

    private final int privatePort;
    private final byte[] token;

    public RequestGuard(int privatePort, String token) {
        this.privatePort = privatePort;
        this.token = token.getBytes(StandardCharsets.US_ASCII);
    }

    public Verdict check(Facts request) {
        if (!isLoopback(request.remoteAddress())) {
            return Verdict.refuse(403, "The private site answers only to this computer.");
        }
        for (String name : request.headerNames()) {
            if (name != null && name.toLowerCase(Locale.ROOT).startsWith("x-i2p-")) {
                return Verdict.refuse(403, "Requests that arrive through I2P cannot reach the private site.");
            }
        }
        if (!isOwnHost(request.host())) {
            return Verdict.refuse(403, "Unexpected Host header: open the node as http://127.0.0.1:" + privatePort + "/");
        }
        String method = request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT);
        String fetchSite = lower(request.fetchSite());
        if (SAFE_METHODS.contains(method)) {
            // A foreign page may link to the node (navigation) but may not read or probe its APIs.
            boolean api = request.path() != null && request.path().startsWith("/api/");
            boolean foreign = fetchSite != null && !SAME_SITE_FETCH.contains(fetchSite);
            if (api && foreign && !"navigate".equals(lower(request.fetchMode()))) {
                return Verdict.refuse(403, "Other web sites cannot use this node's API.");
            }
            return Verdict.ALLOW;
        }
        if (request.origin() != null && !request.origin().equalsIgnoreCase("http://" + request.host())) {
            return Verdict.refuse(403, "Changes must come from this node's own pages, not from another site.");
        }
        if (fetchSite != null && !SAME_SITE_FETCH.contains(fetchSite)) {
            return Verdict.refuse(403, "Changes must come from this node's own pages, not from another site.");
        }
        if (request.token() == null || !MessageDigest.isEqual(token, request.token().getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.refuse(403, "This page's security token is missing or out of date. Reload the page and try again.");
        }
        return Verdict.ALLOW;
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isEmpty() || address.length() > 64) {
            return false;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (!LITERAL_IP.matcher(literal).matches()) {
            return false; // only literal addresses; never trigger a name lookup
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private boolean isOwnHost(String host) {
        if (host == null || host.length() > MAX_HOST_LENGTH) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        String port = ":" + privatePort;
        return h.equals("127.0.0.1" + port) || h.equals("localhost" + port) || h.equals("[::1]" + port);
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
