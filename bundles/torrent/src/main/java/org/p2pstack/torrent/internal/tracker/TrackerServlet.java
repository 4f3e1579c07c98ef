package org.p2pstack.torrent.internal.tracker;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.websocket.api.WebSocketPolicy;
import org.eclipse.jetty.websocket.server.WebSocketServerFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code ws://127.0.0.1:8181/tracker}: the node's WebTorrent tracker, so that browsers on this computer
 * watching the same video share pieces over WebRTC. The WebSocket upgrade happens inside this servlet, so
 * the request has already passed the site gate: private site only, never through I2P. The servlet also
 * refuses handshakes from other sites' pages (Origin).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/tracker")
@HttpWhiteboardServletName("p2pstack-torrent-tracker")
public final class TrackerServlet extends HttpServlet {

    /** Most simultaneous tracker connections (browser tabs on this computer). */
    static final int MAX_CONNECTIONS = 64;
    /** Idle connections are closed after this; browsers announce every two minutes. */
    static final long IDLE_MILLIS = 5 * 60 * 1000L;
    private static final long serialVersionUID = 1L;

    private final transient Tracker<TrackerConnection> tracker = new Tracker<>(TrackerConnection::sendText);
    private final transient Set<TrackerConnection> connections = ConcurrentHashMap.newKeySet();
    private transient WebSocketServerFactory factory;

    @Override
    public void init() throws ServletException {
        WebSocketPolicy policy = WebSocketPolicy.newServerPolicy();
        policy.setMaxTextMessageSize(TrackerMessages.MAX_MESSAGE);
        policy.setMaxTextMessageBufferSize(TrackerMessages.MAX_MESSAGE);
        policy.setMaxBinaryMessageSize(1024);
        policy.setIdleTimeout(IDLE_MILLIS);
        factory = new WebSocketServerFactory(getServletContext(), policy);
        factory.setCreator((request, response) -> new TrackerConnection(this));
        try {
            factory.start();
        } catch (Exception e) {
            throw new ServletException("Cannot start the WebTorrent tracker", e);
        }
    }

    @Override
    public void destroy() {
        try {
            factory.stop();
        } catch (Exception e) {
            // shutting down anyway
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!factory.isUpgradeRequest(request, response)) {
            if (!response.isCommitted()) {
                response.sendError(426, "This is the node's WebTorrent tracker: connect with a WebSocket");
            }
            return;
        }
        // browsers send Origin on every WebSocket handshake: only the node's own pages may connect
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.equalsIgnoreCase("http://" + request.getHeader("Host"))) {
            response.sendError(403, "Only this node's own pages may use its tracker");
            return;
        }
        if (connections.size() >= MAX_CONNECTIONS) {
            response.sendError(503, "Too many tracker connections");
            return;
        }
        if (!factory.acceptWebSocket(request, response) && !response.isCommitted()) {
            response.sendError(400, "Invalid WebSocket handshake");
        }
    }

    Tracker<TrackerConnection> tracker() {
        return tracker;
    }

    boolean opened(TrackerConnection connection) {
        return connections.size() < MAX_CONNECTIONS && connections.add(connection);
    }

    void closed(TrackerConnection connection) {
        if (connections.remove(connection)) {
            tracker.closed(connection);
        }
    }
}
