package org.p2pstack.core.internal.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
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

import org.p2pstack.util.web.Requests;
/**
 * {@code GET /login?key=<one-time key>}: signs this browser in (session cookie) and opens the home page. The key
 * comes from the owner-only link file that {@code bin/open} and {@code p2p:open} read; once used it is replaced.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(WebSessions.LOGIN_PATH)
@HttpWhiteboardServletName("p2pstack-login")
public final class LoginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient WebSessions sessions;

    @Activate
    public LoginServlet(@Reference WebSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer"); // the key must not travel on
        Optional<String> session = sessions.redeem(Requests.query(request).get("key"));
        if (session.isPresent()) {
            response.addHeader("Set-Cookie", sessions.cookieHeader(session.get()));
            response.setStatus(303);
            response.setHeader("Location", "/");
            return;
        }
        if (sessions.isSignedIn(sessions.sessionFrom(Collections.list(request.getHeaders("Cookie"))))) {
            // an old link opened again in a browser that is already signed in
            response.setStatus(303);
            response.setHeader("Location", "/");
            return;
        }
        String page = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Sign-in link used</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<body style=\"font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem\">"
                + "<h1>This sign-in link has already been used</h1>"
                + "<p>Each link signs in one browser, once. Open p2pstack again with <code>bin/open</code> (or the "
                + "installer's shortcut), or run <code>p2p:open</code> in the console for a fresh link.</p></body></html>";
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        response.setStatus(403);
        response.setContentType("text/html;charset=utf-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
