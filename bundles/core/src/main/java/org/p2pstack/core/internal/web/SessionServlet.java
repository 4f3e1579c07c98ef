package org.p2pstack.core.internal.web;

import java.io.IOException;
import java.util.Collections;
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

import org.p2pstack.util.web.Json;
/**
 * {@code GET /api/session}: hands a signed-in page the token it sends back on every change (the gate has already
 * refused browsers without the session cookie and other sites). {@code DELETE} signs this browser out.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(WebSites.SESSION_PATH)
@HttpWhiteboardServletName("p2pstack-api-session")
public final class SessionServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient WebSessions sessions;
    private final transient Json json = new Json();

    @Activate
    public SessionServlet(@Reference WebSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String session = sessions.sessionFrom(Collections.list(request.getHeaders("Cookie")));
        if (session == null) {
            // the site gate answers this first; while Pax Web is still adding the gate's filter at start-up, we do
            json.send(response, 401, Map.of("error", "Please sign in: open the link that bin/open or p2p:open gives."));
            return;
        }
        json.send(response, 200, Map.of("token", sessions.token(session), "header", WebSites.TOKEN_HEADER));
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        sessions.signOut(sessions.sessionFrom(Collections.list(request.getHeaders("Cookie"))));
        response.addHeader("Set-Cookie", sessions.expiredCookieHeader());
        json.send(response, 200, Map.of("signedOut", true));
    }
}
