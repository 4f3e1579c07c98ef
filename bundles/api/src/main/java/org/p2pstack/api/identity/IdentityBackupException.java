package org.p2pstack.api.identity;

/** Why a backup or restore did not happen, in plain words ({@link #getMessage()}). */
public final class IdentityBackupException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What kind of problem it is, for an API's status code. */
    public enum Reason {
        /** The passphrase is too short, or the file is not a backup: the person can fix it. */
        BAD_INPUT,
        /** The passphrase does not open this backup (or the file was changed). */
        WRONG_PASSPHRASE,
        /** This node has an identity and the restore was not told to replace it. */
        HAS_IDENTITY,
        /** The node could not read or write its own files. */
        NODE
    }

    private final Reason reason;

    public IdentityBackupException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public IdentityBackupException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
