package org.p2pstack.i2p.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import org.p2pstack.i2p.internal.http.Visitor;

/** A loopback socket standing in for an I2P stream. */
record SocketVisitorStream(Socket socket, Visitor visitor) implements VisitorStream {

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
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void closeOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // gone already
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // gone already
        }
    }
}
