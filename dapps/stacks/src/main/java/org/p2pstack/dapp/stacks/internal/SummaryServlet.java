package org.p2pstack.dapp.stacks.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Iterator;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.api.status.NodeStatus;
import org.p2pstack.api.status.NodeStatusService;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.status.StackStatus;

/**
 * {@code GET /dapps/stacks/api/summary}: how many networks are up. It reaches the node only through the
 * p2pstack API ({@link NodeStatusService}); being below {@code /dapps/} on the private site, it gets the
 * same protection as every other private endpoint.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/dapps/stacks/api/summary")
@HttpWhiteboardServletName("dapp-stacks-summary")
public final class SummaryServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient NodeStatusService statusService;

    @Activate
    public SummaryServlet(@Reference NodeStatusService statusService) {
        this.statusService = statusService;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        NodeStatus status = statusService.status();
        long running = status.stacks().values().stream().filter(s -> s.state() == StackState.RUNNING).count();
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();
        out.print("{\"running\":" + running + ",\"total\":" + status.stacks().size() + ",\"stacks\":{");
        Iterator<StackStatus> stacks = status.stacks().values().iterator();
        while (stacks.hasNext()) {
            StackStatus stack = stacks.next();
            out.print(quote(stack.stack()) + ":" + quote(stack.state().label()));
            if (stacks.hasNext()) {
                out.print(',');
            }
        }
        out.print("}}");
    }

    /** JSON string literal; this small dApp deliberately has no dependency beyond the API. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            default -> {
                if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            }
        }
        return out.append('"').toString();
    }
}
