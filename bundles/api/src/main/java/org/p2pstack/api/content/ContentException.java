package org.p2pstack.api.content;

/** Refusal to add content, with a reason a program can act on and a message a person can read. */
public class ContentException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why content was refused. */
    public enum Reason {
        /** larger than the configured maximum */
        TOO_LARGE,
        /** the bytes are not a video or picture the platform can show */
        UNSUPPORTED_TYPE,
        /** nothing was sent */
        EMPTY,
        /** a field (description, thumbnail) is not acceptable */
        INVALID,
        /** the upload stopped before the end */
        INCOMPLETE,
        /** the disk refused (full, permissions) */
        STORAGE
    }

    private final Reason reason;

    public ContentException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ContentException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
