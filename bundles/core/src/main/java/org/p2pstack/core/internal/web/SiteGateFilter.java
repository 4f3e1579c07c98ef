package org.p2pstack.core.internal.web;

import java.io.IOException;
import java.util.Collections;

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

/**
 * The one gate in front of everything the web server answers. On the public connector every request is
 * dispatched into the read-only public site ({@code /public/...}), so nothing private is reachable there
 * whatever the path. On the private connector the {@link RequestGuard} decides.
 */
@Component(service = Filter.class, property = "service.ranking:Integer=1000000")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterName("p2pstack-site-gate")
public final class SiteGateFilter implements Filter {

    private final NodeEnvironment environment;
    private final RequestGuard guard;
    private final Json json = new Json();

    @Activate
    public SiteGateFilter(@Reference NodeEnvironment environment, @Reference WebToken token) {
        this.environment = environment;
        this.guard = new RequestGuard(environment.privatePort(), token.value());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        if (request.getLocalPort() == environment.publicPort()) {
            servePublic(request, response);
        } else if (request.getLocalPort() == environment.privatePort()) {
            servePrivate(request, response, chain);
        } else {
            json.error(response, 404, "Nothing is served on this port.");
        }
    }

    private void servePublic(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            json.error(response, 405, "The public site is read-only.");
            return;
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String target = SitePaths.publicTarget(path);
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
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String token = request.getHeader(WebSites.TOKEN_HEADER);
        if (token == null && isUrlEncodedForm(request)) {
            token = request.getParameter(WebSites.TOKEN_FIELD);
        }
        RequestGuard.Verdict verdict = guard.check(new RequestGuard.Facts(request.getRemoteAddr(), request.getMethod(), path,
                request.getHeader("Host"), Collections.list(request.getHeaderNames()), request.getHeader("Origin"),
                request.getHeader("Sec-Fetch-Site"), request.getHeader("Sec-Fetch-Mode"), token));
        if (!verdict.allowed()) {
            json.error(response, verdict.status(), verdict.reason());
            return;
        }
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        chain.doFilter(request, response);
    }

    private static boolean isUrlEncodedForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }
}
