package org.p2pstack.i2p.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.p2pstack.i2p.internal.http.Visitor;

/**
 * One incoming stream of the server tunnel with the verified identity of its sender. On I2P that is an
 * {@code I2PSocket} ({@link I2pVisitorStream}); tests drive the tunnel with loopback sockets.
 */
interface VisitorStream {

    /** The sender, or null when the transport could not tell who it is. */
    Visitor visitor();

    InputStream input() throws IOException;

    OutputStream output() throws IOException;

    /** Longest wait of one read; 0 waits forever. */
    void setReadTimeout(int millis);

    /** Ends our direction, so the visitor sees the end of the answer; reading stays possible. */
    void closeOutput() throws IOException;

    /** Ends the stream at once (a reset), from any thread, without blocking; a blocked read or write fails. */
    void abort();

    /** Closes both directions. */
    void close();

    /** Where the tunnel's streams come from. */
    interface Source extends AutoCloseable {

        /** Blocks until the next stream; may return null (nothing to serve, try again). */
        VisitorStream accept() throws IOException;

        @Override
        void close();
    }
}
