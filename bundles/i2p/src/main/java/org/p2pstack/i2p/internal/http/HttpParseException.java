package org.p2pstack.i2p.internal.http;

import java.io.IOException;

/** Malformed or oversized HTTP input; {@link #status()} is the answer to send back. */
public final class HttpParseException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpParseException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
