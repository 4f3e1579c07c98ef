package org.p2pstack.sdk.internal;

/** A request the p2p endpoints turn down: an HTTP status and plain words for the person (or developer) who asked. */
final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;
    private final int status;

    Refusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
