package org.p2pstack.api.i2p;

import java.io.Closeable;
import java.io.InputStream;

/** An HTTP answer over I2P whose body is read as it arrives; closing it closes the stream. */
public interface I2pHttpStream extends Closeable {

    /** HTTP status code. */
    int status();

    /** The first value of a response header (name in any case), or null. */
    String header(String name);

    /** The body, ending where the answer's framing (length or chunks) says. */
    InputStream body();
}
