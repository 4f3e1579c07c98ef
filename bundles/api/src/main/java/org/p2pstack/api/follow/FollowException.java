package org.p2pstack.api.follow;

/** Visiting or following failed; the message is for people. */
public class FollowException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why, so callers can decide (for example to try again later). */
    public enum Reason {
        /** The text is not an I2P address or a known name. */
        INVALID_ADDRESS,
        /** This node's I2P is not ready yet. */
        NOT_READY,
        /** The person's node could not be reached, or did not answer in time. */
        UNREACHABLE,
        /** Their node answered something that is not a valid p2pstack page (or a forged one). */
        BAD_PAGE,
        /** Too many people followed already. */
        LIMIT
    }

    private final Reason reason;

    public FollowException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public FollowException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** True when trying again later may work (the other node is off, or I2P is still starting). */
    public boolean transientFailure() {
        return reason == Reason.NOT_READY || reason == Reason.UNREACHABLE;
    }
}
