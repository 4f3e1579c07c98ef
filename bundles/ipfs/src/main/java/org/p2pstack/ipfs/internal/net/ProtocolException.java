package org.p2pstack.ipfs.internal.net;

import java.io.IOException;

/** A peer broke a protocol or a bound: the stream or connection it came on is closed. */
public class ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
