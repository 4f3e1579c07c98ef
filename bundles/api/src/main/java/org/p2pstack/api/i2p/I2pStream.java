package org.p2pstack.api.i2p;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/** A two-way byte stream to another destination. Closing it closes both directions. */
public interface I2pStream extends Closeable {

    /** Bytes from the other side. */
    InputStream input();

    /** Bytes to the other side. */
    OutputStream output();

    /** The verified destination of the other side. */
    I2pDestination peer();
}
