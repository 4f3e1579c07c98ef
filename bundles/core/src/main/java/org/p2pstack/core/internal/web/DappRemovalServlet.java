package org.p2pstack.core.internal.web;

import java.io.IOException;
import java.util.LinkedHashMap;
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
import org.p2pstack.core.internal.dapp.DappDeployer;
import org.p2pstack.util.web.Json;
import org.p2pstack.util.web.Requests;

import com.google.gson.JsonObject;

/**
 * {@code POST /api/dapps/remove} {@code {"name", "keepData"}}: removes a dApp the owner installed, keeping what it
 * stored (the default) or releasing it. Session and token required, like every private change.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/dapps/remove")
@HttpWhiteboardServletName("p2pstack-api-dapps-remove")
public final class DappRemovalServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient DappDeployer deployer;
    private final transient Json json = new Json();

    @Activate
    public DappRemovalServlet(@Reference DappDeployer deployer) {
        this.deployer = deployer;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            JsonObject body = Requests.jsonBody(request);
            boolean keepData = !body.has("keepData") || !body.get("keepData").isJsonPrimitive() || body.get("keepData").getAsBoolean();
            DappDeployer.Removal removal = deployer.remove(Requests.string(body, "name"), keepData);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("name", removal.name());
            answer.put("title", removal.title());
            answer.put("dataKept", removal.dataKept());
            answer.put("released", removal.released());
            json.send(response, 200, answer);
        } catch (Requests.BadRequest e) {
            json.error(response, e.status(), e.getMessage());
        } catch (DappDeployer.CannotRemove e) {
            json.error(response, 409, e.getMessage());
        }
    }
}
