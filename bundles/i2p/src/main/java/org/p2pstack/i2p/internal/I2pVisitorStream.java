package org.p2pstack.i2p.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import net.i2p.I2PException;
import net.i2p.client.streaming.I2PServerSocket;
import net.i2p.client.streaming.I2PSocket;
import net.i2p.data.Destination;

import org.p2pstack.i2p.internal.http.Visitor;

/** A stream that arrived at the node's destination; the streaming library checked the visitor's signed SYN. */
final class I2pVisitorStream implements VisitorStream {

    private final I2PSocket socket;
    private final Visitor visitor;

    I2pVisitorStream(I2PSocket socket) {
        this.socket = socket;
        Destination peer = socket.getPeerDestination();
        this.visitor = peer == null ? null
                : new Visitor(peer.toBase32(), peer.toBase64(), peer.calculateHash().toBase64());
    }

    /** The streams accepted on {@code serverSocket}. */
    static Source source(I2PServerSocket serverSocket) {
        return new Source() {
            @Override
            public VisitorStream accept() throws IOException {
                try {
                    I2PSocket s = serverSocket.accept();
                    return s == null ? null : new I2pVisitorStream(s);
                } catch (I2PException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                try {
                    serverSocket.close();
                } catch (I2PException e) {
                    // closing anyway
                }
            }
        };
    }

    @Override
    public Visitor visitor() {
        return visitor;
    }

    @Override
    public InputStream input() throws IOException {
        return socket.getInputStream();
    }

    @Override
    public OutputStream output() throws IOException {
        return socket.getOutputStream();
    }

    @Override
    public void setReadTimeout(int millis) {
        socket.setReadTimeout(millis);
    }

    @Override
    public void closeOutput() throws IOException {
        socket.getOutputStream().close();
    }

    @Override
    public void abort() {
        try {
            // a reset: close() would first wait for our unsent data to be accepted by the visitor
            socket.reset();
        } catch (IOException e) {
            close();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
