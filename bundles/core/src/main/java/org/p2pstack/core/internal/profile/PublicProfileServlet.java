package org.p2pstack.core.internal.profile;

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
import org.p2pstack.api.profile.ProfileService;
import org.p2pstack.core.internal.web.Json;

/** The public, read-only profile: {@code /profile.json} and {@code /avatar} on the public connector. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/public/profile.json", "/public/avatar" })
@HttpWhiteboardServletName("p2pstack-public-profile")
public final class PublicProfileServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ProfileService profiles;
    private final transient Json json = new Json();

    @Activate
    public PublicProfileServlet(@Reference ProfileService profiles) {
        this.profiles = profiles;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/public/avatar".equals(request.getServletPath())) {
            ProfileServlet.sendAvatar(response, profiles, "public, max-age=60");
            return;
        }
        Map<String, Object> body = ProfileServlet.body(profiles.profile(), "/avatar");
        if (body.get("profile") == null) {
            json.error(response, 404, "This person has not set up their profile yet.");
            return;
        }
        json.send(response, 200, body.get("profile"));
    }
}
