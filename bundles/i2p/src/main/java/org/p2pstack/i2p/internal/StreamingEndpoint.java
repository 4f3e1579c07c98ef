package org.p2pstack.i2p.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.Properties;

import net.i2p.I2PAppContext;
import net.i2p.I2PException;
import net.i2p.client.I2PSession;
import net.i2p.client.I2PSessionException;
import net.i2p.client.impl.I2PClientImpl;
import net.i2p.client.streaming.I2PServerSocket;
import net.i2p.client.streaming.I2PSocket;
import net.i2p.client.streaming.I2PSocketManager;
import net.i2p.client.streaming.I2PSocketOptions;
import net.i2p.client.streaming.IncomingConnectionFilter;
import net.i2p.client.streaming.impl.I2PSocketManagerFull;
import net.i2p.data.Destination;
import net.i2p.data.Hash;

import org.p2pstack.api.i2p.I2pException;
import org.p2pstack.api.i2p.I2pException.Reason;

/**
 * The node's destination on the network: one I2CP session (in-JVM to the embedded router, or TCP to an
 * external one) with the streaming library on top. Everything the node sends or receives over I2P goes
 * through here, so visitors see the node's own b32.
 */
public final class StreamingEndpoint implements AutoCloseable {

    /** Per-visitor and total limits of the streaming library, enforced before a stream reaches us. */
    static final int MAX_CONNS_PER_PEER_MINUTE = 60;
    static final int MAX_CONNS_PER_PEER_HOUR = 900;
    static final int MAX_CONNS_TOTAL_MINUTE = 600;
    static final int MAX_CONCURRENT_STREAMS = 128;

    private final I2PSession session;
    private final I2PSocketManager manager;

    private StreamingEndpoint(I2PSession session, I2PSocketManager manager) {
        this.session = session;
        this.manager = manager;
    }

    /** I2CP and streaming options for the node's session. */
    static Properties sessionOptions(I2pSettings s, boolean viaTcp) {
        Properties p = new Properties();
        p.setProperty("inbound.length", Integer.toString(s.inboundLength()));
        p.setProperty("outbound.length", Integer.toString(s.outboundLength()));
        p.setProperty("inbound.quantity", Integer.toString(s.tunnelQuantity()));
        p.setProperty("outbound.quantity", Integer.toString(s.tunnelQuantity()));
        p.setProperty("inbound.backupQuantity", "0");
        p.setProperty("outbound.backupQuantity", "0");
        p.setProperty("inbound.nickname", "p2pstack");
        p.setProperty("outbound.nickname", "p2pstack");
        // ECIES-X25519 with ElGamal fallback, as I2P's own tunnels do
        p.setProperty("i2cp.leaseSetEncType", "4,0");
        p.setProperty("i2p.streaming.maxConnsPerMinute", Integer.toString(MAX_CONNS_PER_PEER_MINUTE));
        p.setProperty("i2p.streaming.maxConnsPerHour", Integer.toString(MAX_CONNS_PER_PEER_HOUR));
        p.setProperty("i2p.streaming.maxTotalConnsPerMinute", Integer.toString(MAX_CONNS_TOTAL_MINUTE));
        p.setProperty("i2p.streaming.maxConcurrentStreams", Integer.toString(MAX_CONCURRENT_STREAMS));
        p.setProperty("i2p.streaming.enforceProtocol", "true");
        // a visitor over these limits reads "HTTP/1.1 429 Denied" instead of a reset: it can tell "busy" from "gone"
        p.setProperty("i2p.streaming.limitAction", "http");
        if (viaTcp) {
            p.setProperty("i2cp.tcp.host", s.i2cpHost());
            p.setProperty("i2cp.tcp.port", Integer.toString(s.i2cpPort()));
        }
        return p;
    }

    /**
     * Opens the session and waits until its tunnels are built and its lease set is published (this is
     * what {@link I2PSession#connect()} does). Blocks; call from a background thread.
     */
    public static StreamingEndpoint open(I2PAppContext ctx, byte[] keys, Properties options, String name)
            throws I2pException {
        I2PSession session = null;
        try {
            session = new I2PClientImpl().createSession(ctx, new ByteArrayInputStream(keys), options);
            session.connect();
        } catch (I2PSessionException e) {
            if (session != null) {
                try {
                    session.destroySession();
                } catch (I2PSessionException | RuntimeException ignored) {
                    // it never opened
                }
            }
            throw new I2pException(Reason.NOT_READY, "could not open the I2P session: " + e.getMessage(), e);
        }
        I2PSocketManager mgr = new I2PSocketManagerFull(ctx, session, options, name, IncomingConnectionFilter.ALLOW);
        return new StreamingEndpoint(session, mgr);
    }

    public Destination destination() {
        return session.getMyDestination();
    }

    public boolean isOpen() {
        return !session.isClosed() && !manager.isDestroyed();
    }

    /** Incoming streams (the server tunnel's accept loop). */
    public I2PServerSocket serverSocket() {
        return manager.getServerSocket();
    }

    /** Connects to a destination, bounded by {@code timeoutMillis}. */
    public I2PSocket connect(Destination to, long timeoutMillis) throws I2pException {
        I2PSocketOptions opts = manager.buildOptions();
        opts.setConnectTimeout(Math.max(1000, timeoutMillis));
        try {
            return manager.connect(to, opts);
        } catch (NoRouteToHostException e) {
            throw new I2pException(Reason.UNREACHABLE, "no route to " + to.toBase32(), e);
        } catch (InterruptedIOException e) {
            throw new I2pException(Reason.TIMEOUT, "timed out connecting to " + to.toBase32(), e);
        } catch (ConnectException e) {
            String m = String.valueOf(e.getMessage());
            Reason r = m.toLowerCase(java.util.Locale.ROOT).contains("timeout") ? Reason.TIMEOUT : Reason.UNREACHABLE;
            throw new I2pException(r, "could not connect to " + to.toBase32() + ": " + m, e);
        } catch (I2PException e) {
            throw new I2pException(Reason.UNREACHABLE, "could not connect to " + to.toBase32() + ": " + e.getMessage(), e);
        }
    }

    /** Asks the network (the floodfills, through the router) for the destination behind a hash. */
    public Destination lookup(Hash hash, long timeoutMillis) throws I2pException {
        try {
            return session.lookupDest(hash, timeoutMillis);
        } catch (I2PSessionException e) {
            throw new I2pException(Reason.UNREACHABLE, "lookup failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        manager.destroySocketManager();
        try {
            if (!session.isClosed()) {
                session.destroySession();
            }
        } catch (I2PSessionException e) {
            // closing anyway
        }
    }
}
