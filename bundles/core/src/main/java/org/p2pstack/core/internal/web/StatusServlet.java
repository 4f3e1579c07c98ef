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
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.status.NodeStatus;
import org.p2pstack.api.status.NodeStatusService;
import org.p2pstack.api.status.StackStatus;

import org.p2pstack.util.web.Json;
/** {@code GET /api/status}: version, uptime, every stack's state, the node's identity and ports. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/status")
@HttpWhiteboardServletName("p2pstack-api-status")
public final class StatusServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient NodeStatusService statusService;
    private final transient NodeEnvironment environment;
    private final transient Json json = new Json();

    @Activate
    public StatusServlet(@Reference NodeStatusService statusService, @Reference NodeEnvironment environment) {
        this.statusService = statusService;
        this.environment = environment;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        json.send(response, 200, toJson(statusService.status(), environment));
    }

    static Map<String, Object> toJson(NodeStatus status, NodeEnvironment environment) {
        Map<String, Object> stacks = new LinkedHashMap<>();
        for (StackStatus stack : status.stacks().values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("state", stack.state().label());
            entry.put("message", stack.message());
            // a stack's own details never replace the common state and message
            stack.details().forEach(entry::putIfAbsent);
            stacks.put(stack.stack(), entry);
        }
        Map<String, Object> ports = new LinkedHashMap<>();
        ports.put("offset", environment.portOffset());
        ports.put("private", environment.privatePort());
        ports.put("public", environment.publicPort());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", status.version());
        body.put("uptimeSeconds", status.uptimeSeconds());
        body.put("stacks", stacks);
        body.put("identity", new LinkedHashMap<>(status.identity()));
        body.put("ports", ports);
        body.put("network", Map.of("localOnly", environment.localNetworkOnly()));
        body.put("logs", Map.of("file", environment.logFile().toString(), "url", LogsServlet.PATH));
        return body;
    }
}
