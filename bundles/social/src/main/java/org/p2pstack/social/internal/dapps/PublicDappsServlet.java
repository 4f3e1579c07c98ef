package org.p2pstack.social.internal.dapps;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.util.web.Json;

/**
 * {@code /dapps.json} on the public site: the apps this person shares, each by the CID of its signed package.
 * Visitors learn nothing else; the package itself proves who made it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/public/dapps.json")
@HttpWhiteboardServletName("p2pstack-public-dapps")
public final class PublicDappsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient SharedDapps shared;
    private final transient Json json = new Json();

    @Activate
    public PublicDappsServlet(@Reference SharedDapps shared) {
        this.shared = shared;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-cache");
        json.send(response, 200, shared.published());
    }
}
