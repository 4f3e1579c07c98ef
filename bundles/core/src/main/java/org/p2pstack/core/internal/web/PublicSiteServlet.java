package org.p2pstack.core.internal.web;

import java.io.IOException;
import java.net.URL;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.p2pstack.core.internal.dapp.DappManifest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import org.p2pstack.util.web.Json;
/**
 * The public site's own pages (the landing page visitors see first). Profile, feed and media servlets of
 * other bundles register beside it under {@code /public/...}; this one answers what they do not.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/public/*")
@HttpWhiteboardServletName("p2pstack-public-site")
public final class PublicSiteServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String ROOT = "public-site/";

    private final transient BundleContext context;
    private final transient Json json = new Json();

    @Activate
    public PublicSiteServlet(BundleContext context) {
        this.context = context;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null || "/".equals(request.getPathInfo()) ? "/index.html" : request.getPathInfo();
        String file = path.substring(1);
        URL entry = DappManifest.isSafeRelativePath(file)
                ? context.getBundle().getEntry(ROOT + file) : null;
        if (entry == null || entry.getPath().endsWith("/")) {
            json.error(response, 404, "Nothing here.");
            return;
        }
        StaticFiles.send(request, response, entry, file,
                context.getBundle().getBundleId() + "-" + context.getBundle().getLastModified());
    }
}
