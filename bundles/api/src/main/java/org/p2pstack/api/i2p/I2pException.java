package org.p2pstack.api.i2p;

import java.io.IOException;

/** An I2P operation failed: the stack is not ready, a name is unknown, a destination unreachable, a timeout. */
public class I2pException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why the operation failed, so callers can show a plain message. */
    public enum Reason {
        /** The router or the node's tunnels are not ready yet. */
        NOT_READY,
        /** The name is not in the address book, or the text is not a valid name or destination. */
        UNKNOWN_NAME,
        /** The destination could not be reached (not published, offline, refused). */
        UNREACHABLE,
        /** No answer in the time allowed. */
        TIMEOUT,
        /** The other side answered something that is not acceptable (too large, malformed). */
        BAD_RESPONSE,
        /** Any other failure. */
        OTHER
    }

    private final Reason reason;

    public I2pException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public I2pException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
