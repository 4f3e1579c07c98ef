package org.p2pstack.ipfs.internal.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.ipfs.internal.multiformats.Cid;

/**
 * {@code /ipfs/<cid>[/<path>]} on the private site: the owner opens IPFS content. Nothing is served here (content
 * from a network never runs in the owner's origin): the CID is granted network fetches ({@link GatewayGrants}) and the
 * browser is sent to the CID's own sandboxed origin, {@code http://<cidv1>.ipfs.localhost:<gatewayPort>/<path>}. The
 * site gate lets only a signed-in browser, from the node's own pages, reach this.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/ipfs/*")
@HttpWhiteboardServletName("p2pstack-ipfs-open")
public final class IpfsOpenServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient GatewayGrants grants;
    private final int privatePort;
    private final int gatewayPort;

    @Activate
    public IpfsOpenServlet(@Reference GatewayGrants grants, @Reference NodeEnvironment environment) {
        this(grants, environment.privatePort(), environment.gatewayPort());
    }

    IpfsOpenServlet(GatewayGrants grants, int privatePort, int gatewayPort) {
        this.grants = grants;
        this.privatePort = privatePort;
        this.gatewayPort = gatewayPort;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getLocalPort() != privatePort) {
            error(response, 404, "Nothing here.");
            return;
        }
        String rest = request.getPathInfo() == null ? "" : request.getPathInfo();
        rest = rest.startsWith("/") ? rest.substring(1) : rest;
        int slash = rest.indexOf('/');
        String label = slash < 0 ? rest : rest.substring(0, slash);
        Cid cid;
        try {
            cid = Cid.parse(label);
        } catch (IllegalArgumentException e) {
            error(response, 400, "Not a CID: " + e.getMessage());
            return;
        }
        String cidV1 = cid.toV1().toString();
        grants.grant(cidV1);
        String path = slash < 0 ? "/" : rest.substring(slash);
        String query = request.getQueryString();
        response.setStatus(303);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Location", "http://" + cidV1 + GatewayHost.SUBDOMAIN_SUFFIX + ":" + gatewayPort
                + IpfsGatewayServlet.encodePath(path) + (query == null || query.isEmpty() ? "" : "?" + IpfsGatewayServlet.cleanQuery(query)));
        response.setContentLength(0);
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        byte[] body = ("{\"error\":" + IpfsGatewayServlet.jsonString(message) + "}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
