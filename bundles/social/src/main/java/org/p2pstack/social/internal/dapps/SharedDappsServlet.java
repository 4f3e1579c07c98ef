package org.p2pstack.social.internal.dapps;

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
import org.p2pstack.social.internal.dapps.SharedDapps.ShareException;
import org.p2pstack.util.web.Json;
import org.p2pstack.util.web.Requests;

import com.google.gson.JsonObject;

/**
 * The private API for dApps shared between friends (session and token required, like every private change):
 * <ul>
 * <li>{@code GET /api/dapps/published}: what this node shares;</li>
 * <li>{@code POST /api/dapps/publish} {@code {"name"}}: share a dApp from deploy/ (signed package on IPFS);</li>
 * <li>{@code GET /api/dapps/friend?address=<b32>}: the apps a person lists on their public site, over I2P;</li>
 * <li>{@code POST /api/dapps/preview} {@code {"cid"}}: the verified package, its author and permissions;</li>
 * <li>{@code POST /api/dapps/install} {@code {"cid", "trustFully"}}: install it (a jar with code needs trustFully).</li>
 * </ul>
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/dapps/*")
@HttpWhiteboardServletName("p2pstack-api-dapps-shared")
public final class SharedDappsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient SharedDapps shared;
    private final transient Json json = new Json();

    @Activate
    public SharedDappsServlet(@Reference SharedDapps shared) {
        this.shared = shared;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            switch (path) {
            case "/published" -> json.send(response, 200, Map.of("published", shared.published()));
            case "/friend" -> json.send(response, 200,
                    Map.of("dapps", shared.friendDapps(Requests.query(request).get("address"))));
            default -> json.error(response, 404, "Nothing here.");
            }
        } catch (ShareException e) {
            json.error(response, e.status(), e.getMessage());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            JsonObject body = Requests.jsonBody(request);
            switch (path) {
            case "/publish" -> json.send(response, 201, shared.publish(Requests.string(body, "name")));
            case "/preview" -> json.send(response, 200, shared.preview(Requests.string(body, "cid")));
            case "/install" -> json.send(response, 201, shared.install(Requests.string(body, "cid"),
                    body.has("trustFully") && body.get("trustFully").isJsonPrimitive() && body.get("trustFully").getAsBoolean()));
            default -> json.error(response, 404, "Nothing here.");
            }
        } catch (Requests.BadRequest e) {
            json.error(response, e.status(), e.getMessage());
        } catch (ShareException e) {
            json.error(response, e.status(), e.getMessage());
        }
    }
}
