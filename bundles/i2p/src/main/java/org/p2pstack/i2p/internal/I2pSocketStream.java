package org.p2pstack.i2p.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import net.i2p.client.streaming.I2PSocket;

import org.p2pstack.api.i2p.I2pDestination;
import org.p2pstack.api.i2p.I2pStream;

/** A stream the node opened ({@link I2pNode#connect}), as other bundles see it. */
final class I2pSocketStream implements I2pStream {
    private final I2PSocket socket;

    I2pSocketStream(I2PSocket socket) {
        this.socket = socket;
    }

    @Override
    public InputStream input() {
        try {
            return socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public OutputStream output() {
        try {
            return socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public I2pDestination peer() {
        return I2pNames.toApi(socket.getPeerDestination());
    }

    @Override
    public void close() {
        I2pSockets.closeGracefully(socket);
    }
}

