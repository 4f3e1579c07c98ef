package org.p2pstack.core.internal.web;

import java.io.IOException;
import java.net.URL;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.core.internal.dapp.DappManifest;
import org.p2pstack.core.internal.dapp.DappRegistryImpl;
import org.p2pstack.core.internal.dapp.DappRegistryImpl.Installed;

import org.p2pstack.util.web.Json;
/**
 * Serves every dApp's static web root under {@code /dapps/<name>/}, and the home dApp's start page at
 * {@code /}. As the default servlet it also answers every path nobody else serves with a plain 404.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/dapps/*", "/" })
@HttpWhiteboardServletName("p2pstack-dapp-files")
public final class DappWebServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String HOME_DAPP = "home";
    /** The home page (at /) streams videos through this service worker, whose scope must therefore be /. */
    static final String HOME_SERVICE_WORKER = "js/stream-worker.js";
    static final String FAVICON = "/favicon.ico";
    static final String HOME_ICON = "icon.svg";
    /** Where a dApp's pages are served for the shell's sandboxed frame: {@code /dapps/<name>/_app/...}. */
    static final String FRAME_DIR = DappShell.FRAME_DIR;

    private final transient DappRegistryImpl registry;
    private final transient Json json = new Json();

    @Activate
    public DappWebServlet(@Reference DappRegistryImpl registry) {
        this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        if ("/dapps".equals(servletPath)) {
            serveDapp(request, response, pathInfo == null ? "" : pathInfo);
        } else if ("/".equals(servletPath) && pathInfo == null || "/".equals(pathInfo) && servletPath.isEmpty()) {
            serveHome(request, response);
        } else if (FAVICON.equals(servletPath) && pathInfo == null) {
            serveFavicon(request, response);
        } else {
            notFound(request, response);
        }
    }

    private void serveHome(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Installed> home = registry.installed(HOME_DAPP);
        URL index = home.map(h -> h.entry("index.html")).orElse(null);
        if (index == null) {
            response.setStatus(503);
            response.setContentType("text/html;charset=utf-8");
            response.setHeader("Retry-After", "2");
            // the page refreshes itself: right after start-up the home dApp may be a moment behind
            response.getWriter().write("<!doctype html><meta http-equiv=\"refresh\" content=\"2\"><title>p2pstack</title>"
                    + "<h1>p2pstack is starting…</h1>"
                    + "<p>The home page is not installed yet. If this does not change within a minute, run "
                    + "<code>feature:install p2pstack-home</code> in the console.</p>");
            return;
        }
        StaticFiles.send(request, response, index, "index.html", version(home.get()));
    }

    /**
     * Browsers ask every page's site for {@code /favicon.ico} when the page names no icon (a JSON answer, an image
     * opened on its own); a 404 there is an error in the console. The home page's icon answers it.
     */
    private void serveFavicon(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Installed> home = registry.installed(HOME_DAPP);
        URL icon = home.map(h -> h.entry(HOME_ICON)).orElse(null);
        if (icon == null) {
            notFound(request, response);
            return;
        }
        StaticFiles.send(request, response, icon, HOME_ICON, version(home.get()));
    }

    /** {@code rest} is {@code /<name>/<path>} (already decoded and normalised by the server). */
    private void serveDapp(HttpServletRequest request, HttpServletResponse response, String rest) throws IOException {
        String trimmed = rest.startsWith("/") ? rest.substring(1) : rest;
        int slash = trimmed.indexOf('/');
        String name = slash < 0 ? trimmed : trimmed.substring(0, slash);
        Optional<Installed> dapp = registry.installed(name);
        if (dapp.isEmpty()) {
            // installed but not running says why, so a failed update is never mistaken for a missing app
            String why = registry.all().stream().filter(s -> s.name().equals(name)).findFirst()
                    .map(s -> "The " + s.title() + " app is installed but not running. " + s.reason())
                    .orElse("No dApp named '" + shorten(name) + "' is installed.");
            json.error(response, 404, why);
            return;
        }
        if (slash < 0) {
            response.sendRedirect("/dapps/" + name + "/");
            return;
        }
        String file = trimmed.substring(slash + 1);
        boolean home = HOME_DAPP.equals(name);
        boolean framed = !home && (file.equals(FRAME_DIR) || file.startsWith(FRAME_DIR + "/"));
        if (framed) {
            file = file.substring(FRAME_DIR.length());
            file = file.startsWith("/") ? file.substring(1) : file;
        }
        if (file.isEmpty() || file.endsWith("/")) {
            file = file + "index.html";
        }
        URL entry = DappManifest.isSafeRelativePath(file) ? dapp.get().entry(file) : null;
        if (entry == null || entry.getPath().endsWith("/")) {
            notFound(request, response);
            return;
        }
        if (home) {
            if (HOME_SERVICE_WORKER.equals(file)) {
                response.setHeader("Service-Worker-Allowed", "/");
            }
            StaticFiles.send(request, response, entry, file, version(dapp.get()));
            return;
        }
        boolean page = StaticFiles.contentType(file).startsWith("text/html");
        if (page && !framed) {
            DappShell.send(response, dapp.get().dapp(), file, request.getQueryString());
            return;
        }
        // every file of a dApp runs in an origin of its own (sandbox), never in the owner's: a page only inside the
        // shell's frame, any other file (an SVG opened directly, say) with no scripts at all
        response.setHeader("Content-Security-Policy", page ? DappShell.FRAME_CSP : "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
        // its scripts are loaded by that sandboxed (opaque-origin) page, which module scripts fetch with CORS
        response.setHeader("Access-Control-Allow-Origin", "*");
        StaticFiles.send(request, response, entry, file, version(dapp.get()));
    }

    private void notFound(HttpServletRequest request, HttpServletResponse response) throws IOException {
        json.error(response, 404, "Nothing here: " + shorten(request.getRequestURI()));
    }

    private static String version(Installed installed) {
        return installed.bundle().getBundleId() + "-" + installed.bundle().getLastModified();
    }

    private static String shorten(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "…";
    }
}
