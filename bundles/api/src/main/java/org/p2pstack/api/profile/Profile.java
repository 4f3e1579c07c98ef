package org.p2pstack.api.profile;

import java.time.Instant;

/**
 * The user's public profile.
 *
 * @param nickname   validated nickname (see {@link ProfileService#MAX_NICKNAME})
 * @param bio        short text, possibly empty
 * @param hasAvatar  whether a profile picture is set
 * @param updated    last change of any field
 * @param revision   increases with every change (for caches and, later, signed records)
 */
public record Profile(String nickname, String bio, boolean hasAvatar, Instant updated, long revision) {
}
