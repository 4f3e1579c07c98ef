package org.p2pstack.social.internal.notices;

import java.io.IOException;
import java.util.List;
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
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.web.WebSites;
import org.p2pstack.util.web.Json;

/**
 * {@code /keepers.json} on the public site: which of the owner's followers keep copies of the owner's posts, told
 * only to another follower (as the I2P tunnel names the visitor), so that a stranger cannot read whom the owner's
 * followers are.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/public/keepers.json")
@HttpWhiteboardServletName("p2pstack-public-keepers")
public final class KeepersServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient SocialLoop loop;
    private final transient NodeEnvironment environment;
    private final transient Json json = new Json();

    @Activate
    public KeepersServlet(@Reference SocialLoop loop, @Reference NodeEnvironment environment) {
        this.loop = loop;
        this.environment = environment;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String visitor = request.getHeader("X-I2P-DestB32");
        if (request.getLocalPort() != environment.publicPort() || request.getHeader(WebSites.TUNNEL_HEADER) == null
                || visitor == null || !loop.isFollower(visitor)) {
            json.error(response, 403, "Only for the people who follow this page.");
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        List<String> keepers = loop.keepers(visitor);
        json.send(response, 200, Map.of("keepers", keepers, "nicknames", loop.nicknamesOf(keepers)));
    }
}
