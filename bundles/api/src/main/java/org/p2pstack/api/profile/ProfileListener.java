package org.p2pstack.api.profile;

/** Whiteboard service: told about every change of the profile (nickname, bio or avatar). Must not block. */
@FunctionalInterface
public interface ProfileListener {

    void profileChanged(Profile profile);
}
