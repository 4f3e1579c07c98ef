package org.p2pstack.core.internal.web;

import java.io.IOException;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.api.web.WebSites;

/**
 * {@code GET /api/session}: hands the node's own pages the token they send back on every change. Other
 * sites cannot read it: the response carries no CORS headers and the gate refuses foreign API fetches.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(WebSites.SESSION_PATH)
@HttpWhiteboardServletName("p2pstack-api-session")
public final class SessionServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient WebToken token;
    private final transient Json json = new Json();

    @Activate
    public SessionServlet(@Reference WebToken token) {
        this.token = token;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        json.send(response, 200, Map.of("token", token.value(), "header", WebSites.TOKEN_HEADER));
    }
}
