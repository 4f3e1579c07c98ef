package org.p2pstack.api.profile;

import java.util.Optional;

/** The user's profile: nickname, avatar and bio. Changes are told to every {@link ProfileListener}. */
public interface ProfileService {

    int MIN_NICKNAME = 2;
    int MAX_NICKNAME = 32;
    int MAX_BIO = 280;
    int MAX_AVATAR_BYTES = 1024 * 1024;

    /** The profile, or empty before the user has chosen a nickname. */
    Optional<Profile> profile();

    /** Sets nickname and bio; the nickname is checked (length, characters). */
    Profile update(String nickname, String bio) throws ProfileException;

    /** Sets the profile picture (JPEG, PNG or WebP, recognised from the bytes). */
    Profile setAvatar(byte[] image) throws ProfileException;

    /**
     * Links (or unlinks) the I2P address with the node's Hyperswarm and IPFS identities: see
     * {@link Profile#linkNetworks()}. A change is told to every {@link ProfileListener} like any other.
     *
     * @since 1.1
     */
    default Profile setLinkNetworks(boolean linkNetworks) throws ProfileException {
        throw new ProfileException("This profile service cannot link networks.");
    }

    /** The profile picture, if one is set. */
    Optional<Avatar> avatar();

    /** Checks a nickname; returns null when it is fine, else what is wrong in plain words. */
    String checkNickname(String nickname);

    /** A profile picture and its MIME type. */
    record Avatar(String contentType, byte[] bytes) {
    }
}
