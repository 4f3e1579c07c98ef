package org.p2pstack.core.internal.events;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/events}: a Server-Sent Events stream of {@code content} and {@code profile} events for the
 * node's own pages. A comment line every {@link #HEARTBEAT_SECONDS} keeps proxies and idle timers away and
 * notices closed tabs.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/events")
@HttpWhiteboardServletName("p2pstack-api-events")
public final class EventsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final int HEARTBEAT_SECONDS = 15;

    private final transient EventHub hub;

    @Activate
    public EventsServlet(@Reference EventHub hub) {
        this.hub = hub;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        BlockingQueue<EventHub.Message> queue = hub.subscribe();
        try {
            PrintWriter out = response.getWriter();
            out.write("retry: 2000\n: connected\n\n");
            out.flush();
            response.flushBuffer();
            while (true) {
                EventHub.Message message = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                if (message == EventHub.CLOSE) {
                    return;
                }
                if (message == null) {
                    out.write(": still here\n\n");
                } else {
                    out.write("event: " + message.event() + "\ndata: " + message.data() + "\n\n");
                }
                out.flush();
                if (out.checkError()) {
                    return; // the tab was closed
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hub.unsubscribe(queue);
        }
    }
}
