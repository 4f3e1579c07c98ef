package org.p2pstack.core.internal.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.p2pstack.api.web.WebSites;

/**
 * Decides whether a request may reach the private site. The private site is the owner's, so it answers only to
 * this computer (loopback), never to anything that came through the I2P tunnel (those carry {@code X-I2P-*}
 * headers), and never under a foreign Host name (DNS rebinding). Beyond its static files (the pages' own code,
 * which any site may link to), it answers only to a browser that signed in (session cookie) and only when the
 * request comes from the node's own pages: a request from another site ({@code Sec-Fetch-Site: cross-site} or
 * {@code same-site}, navigations included) neither changes nor fetches anything. Changes also need the token.
 */
public final class RequestGuard {

    static final int MAX_HOST_LENGTH = 255;
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** {@code none}: the person typed the address or opened a bookmark or a link from another program. */
    private static final Set<String> OWN_FETCH = Set.of("same-origin", "none");
    private static final Pattern LITERAL_IP = Pattern.compile("[0-9a-fA-F:.]+");
    /**
     * A dApp's web root: {@code /dapps/<name>/...}, except its servlets under {@code /dapps/<name>/api/} and the
     * node's per-dApp p2p endpoints under {@code /dapps/<name>/_p2p/}, which act for the owner like any API.
     */
    /** The dApp SDK and the dApp shell: public code, loaded by sandboxed dApp frames that carry no session. */
    private static final Pattern SDK_FILE = Pattern.compile("/sdk/(\\d+(\\.\\d+){0,2}/)?[a-z0-9-]+\\.(js|d\\.ts|css)");
    private static final Pattern DAPP_FILE = Pattern.compile("/dapps/[^/]+(/(?!(api|_p2p)(/|$)).*)?");

    /**
     * What the guard needs to know about one request (header values may be null). {@code signedIn}: the request
     * carries a live session cookie; {@code tokenValid}: it also carries that session's current token.
     */
    public record Facts(String remoteAddress, String method, String path, String host, Collection<String> headerNames,
            String origin, String fetchSite, boolean signedIn, boolean tokenValid) {
    }

    /** The outcome: allowed, or refused with an HTTP status and a plain reason. */
    public record Verdict(boolean allowed, int status, String reason) {
        static final Verdict ALLOW = new Verdict(true, 200, "");

        static Verdict refuse(int status, String reason) {
            return new Verdict(false, status, reason);
        }
    }

    static final String SIGN_IN = "Please sign in: open p2pstack with its launcher (bin/open in the program folder), "
            + "or run p2p:open in the console and open the link it prints.";

    private final int privatePort;

    public RequestGuard(int privatePort) {
        this.privatePort = privatePort;
    }

    public Verdict check(Facts request) {
        if (!isLoopback(request.remoteAddress())) {
            return Verdict.refuse(403, "The private site answers only to this computer.");
        }
        for (String name : request.headerNames()) {
            String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-i2p-") || lower.equals(WebSites.TUNNEL_HEADER.toLowerCase(Locale.ROOT))) {
                return Verdict.refuse(403, "Requests that arrive through I2P cannot reach the private site.");
            }
        }
        if (!isOwnHost(request.host())) {
            return Verdict.refuse(403, "Unexpected Host header: open the node as http://127.0.0.1:" + privatePort + "/");
        }
        String path = request.path() == null ? "" : request.path();
        if (isOtherSitesNamespace(path)) {
            // the public site and the content origin have connectors of their own; never mix them into this origin
            return Verdict.refuse(404, "Nothing here.");
        }
        String method = request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT);
        boolean safe = SAFE_METHODS.contains(method);
        if (safe && isStaticFile(path)) {
            return Verdict.ALLOW; // any site may link to the pages; they run under a strict CSP and ask for nothing
        }
        String fetchSite = request.fetchSite() == null ? null : request.fetchSite().toLowerCase(Locale.ROOT);
        if (fetchSite != null && !OWN_FETCH.contains(fetchSite)) {
            return Verdict.refuse(403, "Other web sites cannot use this node or make it act.");
        }
        if (WebSessions.LOGIN_PATH.equals(path)) {
            return safe ? Verdict.ALLOW : Verdict.refuse(405, "Open the sign-in link in the browser.");
        }
        if (!request.signedIn()) {
            return Verdict.refuse(401, SIGN_IN);
        }
        if (safe) {
            return Verdict.ALLOW;
        }
        if (request.origin() != null && !request.origin().equalsIgnoreCase("http://" + request.host())) {
            return Verdict.refuse(403, "Changes must come from this node's own pages, not from another site.");
        }
        if (!request.tokenValid()) {
            return Verdict.refuse(403, "This page's security token is missing or out of date. Reload the page and try again.");
        }
        return Verdict.ALLOW;
    }

    /** The pages' own files: the home page and dApps' web roots. Everything else is an API or acts. */
    static boolean isStaticFile(String path) {
        return path.equals("/") || path.equals("/favicon.ico") || DAPP_FILE.matcher(path).matches() || SDK_FILE.matcher(path).matches();
    }

    private static boolean isOtherSitesNamespace(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        for (String prefix : new String[] { WebSites.PUBLIC_PREFIX, WebSites.GATEWAY_PREFIX }) {
            if (lower.equals(prefix) || lower.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
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

    /** True when {@code host} names this computer on {@code port} (127.0.0.1, localhost or [::1]). */
    static boolean isLocalHost(String host, int port) {
        if (host == null || host.length() > MAX_HOST_LENGTH) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        String suffix = ":" + port;
        return h.equals("127.0.0.1" + suffix) || h.equals("localhost" + suffix) || h.equals("[::1]" + suffix);
    }

    private boolean isOwnHost(String host) {
        return isLocalHost(host, privatePort);
    }
}
