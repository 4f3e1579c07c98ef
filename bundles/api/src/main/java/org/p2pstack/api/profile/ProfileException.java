package org.p2pstack.api.profile;

/** A refused profile change, with a message a person can read. */
public class ProfileException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProfileException(String message) {
        super(message);
    }
}
