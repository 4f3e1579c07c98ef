package org.p2pstack.core.internal.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.RequestDispatcher;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.web.WebSites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.p2pstack.util.web.Json;
/**
 * The one gate in front of everything the web server answers; the connector a request arrived on decides
 * which of the node's three origins it belongs to:
 * <ul>
 * <li>private (8181): the {@link RequestGuard} decides, with the browser's session from {@link WebSessions};</li>
 * <li>public (8182): dispatched into the read-only public site ({@code /public/...}); answers only under its own
 * Host name, and trusts visitor headers only from the node's own I2P tunnel; its one writable path, the
 * {@code /inbox} for friends' notices, takes POSTs only through that tunnel;</li>
 * <li>content (8183): dispatched to the IPFS gateway ({@code /gateway/...}), which sandboxes all it serves.</li>
 * </ul>
 */
@Component(service = Filter.class, property = "service.ranking:Integer=1000000")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterName("p2pstack-site-gate")
public final class SiteGateFilter implements Filter {

    /**
     * The owner's pages: only their own scripts (no inline script), pictures and videos from the node or made in
     * the page (blob:, data:), connections (API, events, the WebSocket tracker) to the node only.
     */
    static final String PRIVATE_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
            + "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";
    /** The public site: the same, and nobody may frame it (its Follow link could be clickjacked). */
    static final String PUBLIC_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static final Logger LOG = LoggerFactory.getLogger(SiteGateFilter.class);
    /** A dApp's own servlets: its API and its p2p endpoints; their errors are answered as JSON. */
    static final Pattern DAPP_SERVLET = Pattern.compile("/dapps/([a-z][a-z0-9-]{0,31})/(?:api|_p2p)(?:/.*)?");

    private final NodeEnvironment environment;
    private final WebSessions sessions;
    private final RequestGuard guard;
    private final byte[] tunnelSecret;
    private final Json json = new Json();

    @Activate
    public SiteGateFilter(@Reference NodeEnvironment environment, @Reference WebSessions sessions) {
        this.environment = environment;
        this.sessions = sessions;
        this.guard = new RequestGuard(environment.privatePort());
        this.tunnelSecret = environment.tunnelSecret().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        int port = request.getLocalPort();
        if (port == environment.publicPort()) {
            servePublic(request, response);
        } else if (port == environment.privatePort()) {
            servePrivate(request, response, chain);
        } else if (port == environment.gatewayPort()) {
            // the gateway sets its own; this covers the gate's own answers on the content origin
            response.setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
            dispatch(request, response, WebSites.GATEWAY_PREFIX);
        } else {
            json.error(response, 404, "Nothing is served on this port.");
        }
    }

    private void servePublic(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", PUBLIC_CSP);
        response.setHeader("X-Frame-Options", "DENY");
        String method = request.getMethod();
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (PublicGate.isInbox(path) && "POST".equals(method)) {
            // the one thing a visitor may send: a notice to the owner, and only over I2P, where the tunnel names the sender
            if (!viaOwnTunnel(request)) {
                json.error(response, 403, "The inbox takes notices only over I2P, from the node that sends them.");
                return;
            }
            dispatch(request, response, WebSites.PUBLIC_PREFIX);
            return;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            json.error(response, 405, "The public site is read-only.");
            return;
        }
        PublicGate.Verdict verdict = PublicGate.check(viaOwnTunnel(request), hasI2pHeaders(request), request.getHeader("Host"),
                environment.publicPort(), request.getHeader("Sec-Fetch-Site"), request.getHeader("Sec-Fetch-Mode"));
        if (verdict != null) {
            json.error(response, verdict.status(), verdict.reason());
            return;
        }
        dispatch(request, response, WebSites.PUBLIC_PREFIX);
    }

    private void dispatch(HttpServletRequest request, HttpServletResponse response, String prefix)
            throws IOException, ServletException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String target = SitePaths.target(prefix, path);
        if (target == null) {
            json.error(response, 400, "Invalid path.");
            return;
        }
        RequestDispatcher dispatcher = request.getRequestDispatcher(target);
        if (dispatcher == null) {
            json.error(response, 404, "Not found.");
            return;
        }
        dispatcher.forward(request, response);
    }

    private void servePrivate(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", PRIVATE_CSP);
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String session = sessions.sessionFrom(Collections.list(request.getHeaders("Cookie")));
        boolean signedIn = sessions.isSignedIn(session);
        String token = request.getHeader(WebSites.TOKEN_HEADER);
        if (token == null && isUrlEncodedForm(request)) {
            token = request.getParameter(WebSites.TOKEN_FIELD);
        }
        RequestGuard.Verdict verdict = guard.check(new RequestGuard.Facts(request.getRemoteAddr(), request.getMethod(), path,
                request.getHeader("Host"), Collections.list(request.getHeaderNames()), request.getHeader("Origin"),
                request.getHeader("Sec-Fetch-Site"), signedIn, signedIn && sessions.tokenMatches(session, token)));
        if (!verdict.allowed()) {
            if (verdict.status() == 401 && wantsPage(request)) {
                SignInPage.send(response);
            } else {
                json.error(response, verdict.status(), verdict.reason());
            }
            return;
        }
        Matcher dappServlet = DAPP_SERVLET.matcher(path);
        if (!dappServlet.matches()) {
            chain.doFilter(request, response);
            return;
        }
        try {
            chain.doFilter(request, new JsonErrorResponse(response, json));
        } catch (IOException | ServletException | RuntimeException e) {
            if (response.isCommitted()) {
                throw e;
            }
            // a dApp's failure is its developer's to read in the log, not its users' in an HTML stack trace
            LOG.warn("dApp '{}' failed on {} {}", dappServlet.group(1), request.getMethod(), path, e);
            response.resetBuffer();
            json.error(response, 500, "The " + dappServlet.group(1) + " app failed while answering. "
                    + "Its developer finds the details in the node's log.");
        }
    }

    private boolean viaOwnTunnel(HttpServletRequest request) {
        String value = request.getHeader(WebSites.TUNNEL_HEADER);
        return value != null && MessageDigest.isEqual(tunnelSecret, value.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean hasI2pHeaders(HttpServletRequest request) {
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-i2p-") || lower.equals(WebSites.TUNNEL_HEADER.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** A person's browser opening the address (as opposed to a page's script asking for JSON). */
    private static boolean wantsPage(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
    }

    private static boolean isUrlEncodedForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }
}
