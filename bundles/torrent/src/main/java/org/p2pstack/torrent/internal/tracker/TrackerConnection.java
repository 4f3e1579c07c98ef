package org.p2pstack.torrent.internal.tracker;

import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.WebSocketListener;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One browser's WebSocket to the tracker. */
final class TrackerConnection implements WebSocketListener {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerConnection.class);

    private final TrackerServlet owner;
    private volatile Session session;

    TrackerConnection(TrackerServlet owner) {
        this.owner = owner;
    }

    @Override
    public void onWebSocketConnect(Session connected) {
        this.session = connected;
        if (!owner.opened(this)) {
            connected.close(StatusCode.TRY_AGAIN_LATER, "too many tracker connections");
        }
    }

    @Override
    public void onWebSocketText(String message) {
        owner.tracker().message(this, message);
    }

    @Override
    public void onWebSocketBinary(byte[] payload, int offset, int len) {
        Session s = session;
        if (s != null) {
            s.close(StatusCode.BAD_DATA, "the tracker speaks text");
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        owner.closed(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("Tracker connection error: {}", cause.getMessage());
        owner.closed(this);
    }

    /** Sends without blocking; a connection that cannot take it is dropped. */
    void sendText(String text) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        s.getRemote().sendString(text, new WriteCallback() {
            @Override
            public void writeFailed(Throwable failure) {
                s.close(StatusCode.SERVER_ERROR, "write failed");
            }

            @Override
            public void writeSuccess() {
                // nothing to do
            }
        });
    }
}
