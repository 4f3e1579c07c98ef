package org.p2pstack.ipfs.internal.net;

import java.io.IOException;
import java.net.Socket;
import java.time.Instant;

import org.p2pstack.ipfs.internal.crypto.PublicKey;
import org.p2pstack.ipfs.internal.multiformats.Multiaddr;
import org.p2pstack.ipfs.internal.multiformats.PeerId;

/** An authenticated, multiplexed libp2p connection (TCP + Noise + yamux) to one peer. */
public final class Connection implements AutoCloseable {

    private final Socket socket;
    private final PeerId remotePeer;
    private final PublicKey remoteKey;
    private final Multiaddr remoteAddress;
    private final boolean outbound;
    private final Instant opened = Instant.now();
    private YamuxSession session;
    private volatile Identify.Info identify;
    /** Protocols the peer accepted on this connection (bounded: they come from our own proposals). */
    private final java.util.Set<String> acceptedProtocols = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int MAX_ACCEPTED_PROTOCOLS = 64;

    private final Libp2pHost host;

    Connection(Libp2pHost host, Socket socket, PeerId remotePeer, PublicKey remoteKey, Multiaddr remoteAddress, boolean outbound) {
        this.host = host;
        this.socket = socket;
        this.remotePeer = remotePeer;
        this.remoteKey = remoteKey;
        this.remoteAddress = remoteAddress;
        this.outbound = outbound;
    }

    void session(YamuxSession s) {
        this.session = s;
    }

    public PeerId remotePeer() {
        return remotePeer;
    }

    public PublicKey remoteKey() {
        return remoteKey;
    }

    public Multiaddr remoteAddress() {
        return remoteAddress;
    }

    public boolean outbound() {
        return outbound;
    }

    public Instant opened() {
        return opened;
    }

    public boolean isOpen() {
        return session != null && session.isOpen();
    }

    public Identify.Info identify() {
        return identify;
    }

    void identify(Identify.Info info) {
        this.identify = info;
    }

    /** Opens a stream and negotiates {@code protocol} on it with multistream-select. */
    public YamuxStream newStream(String protocol) throws IOException {
        return newStream(java.util.List.of(protocol));
    }

    /**
     * Opens a stream for the first of {@code protocols} the peer supports. When the peer is known to speak
     * one of them (it accepted it on this connection before, or listed it in identify) the proposal goes
     * out without waiting for the answer, so a message can follow in the same round trip; otherwise the
     * protocols are negotiated in turn.
     */
    public YamuxStream newStream(java.util.List<String> protocols) throws IOException {
        return newStream(protocols, Libp2pHost.NEGOTIATION_TIMEOUT);
    }

    /** As {@link #newStream(java.util.List)}, with the peer given at most {@code negotiationTimeout} to answer. */
    public YamuxStream newStream(java.util.List<String> protocols, java.time.Duration negotiationTimeout) throws IOException {
        YamuxStream s = session.open();
        try {
            String known = firstKnown(protocols);
            if (known != null) {
                Multistream.selectOptimistically(s.out(), known);
                s.expectSelectAnswer(known);
                s.protocol(known);
                return s;
            }
            var timer = host.resetAfter(s, negotiationTimeout);
            try {
                String selected = Multistream.select(s.in(), s.out(), protocols);
                s.protocol(selected);
                if (acceptedProtocols.size() < MAX_ACCEPTED_PROTOCOLS) {
                    acceptedProtocols.add(selected);
                }
            } finally {
                timer.cancel(false);
            }
            return s;
        } catch (IOException | RuntimeException e) {
            s.reset();
            throw e;
        }
    }

    private String firstKnown(java.util.List<String> protocols) {
        Identify.Info info = identify;
        for (String p : protocols) {
            if (acceptedProtocols.contains(p) || (info != null && info.protocols().contains(p))) {
                return p;
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public String toString() {
        return remoteAddress + "/p2p/" + remotePeer;
    }
}
