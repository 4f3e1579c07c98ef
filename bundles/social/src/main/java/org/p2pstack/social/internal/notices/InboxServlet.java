package org.p2pstack.social.internal.notices;

import java.io.IOException;
import java.time.Instant;
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
import org.p2pstack.util.web.Requests;

/**
 * {@code POST /inbox} on the public site: friends' nodes leave their notices here, over I2P only. The site gate
 * lets a POST through only from the node's own I2P tunnel, which names the sending node's b32
 * ({@code X-I2P-DestB32}, checked by I2P itself); the envelope's signed record must be that b32's own.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/public/inbox")
@HttpWhiteboardServletName("p2pstack-public-inbox")
public final class InboxServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String DEST_B32 = "X-I2P-DestB32";

    private final transient SocialLoop loop;
    private final transient NodeEnvironment environment;
    private final transient Json json = new Json();

    @Activate
    public InboxServlet(@Reference SocialLoop loop, @Reference NodeEnvironment environment) {
        this.loop = loop;
        this.environment = environment;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sender = request.getHeader(DEST_B32);
        // the gate checked the tunnel's secret; this is the public site's port and the tunnel named a sender
        if (request.getLocalPort() != environment.publicPort() || request.getHeader(WebSites.TUNNEL_HEADER) == null
                || sender == null) {
            json.error(response, 403, "The inbox takes notices only over I2P.");
            return;
        }
        byte[] body;
        try {
            body = Requests.body(request, InboxEnvelope.MAX_BYTES, "The notice is larger than " + InboxEnvelope.MAX_BYTES + " bytes.");
        } catch (Requests.BadRequest e) {
            json.error(response, e.status(), e.getMessage());
            return;
        }
        InboxEnvelope envelope;
        try {
            envelope = InboxEnvelope.parse(body, sender, Instant.now());
        } catch (InboxEnvelope.BadEnvelope e) {
            json.error(response, 400, e.getMessage());
            return;
        }
        SocialLoop.Answer answer = loop.receive(envelope);
        if (answer.status() >= 400) {
            json.error(response, answer.status(), answer.message());
        } else {
            json.send(response, answer.status(), Map.of("ok", answer.message()));
        }
    }
}
