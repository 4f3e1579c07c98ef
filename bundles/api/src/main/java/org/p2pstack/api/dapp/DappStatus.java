package org.p2pstack.api.dapp;

import java.util.Objects;
import java.util.Set;

/**
 * One dApp as the owner should see it, healthy or not.
 *
 * @param name            its name, or the jar's file name when it has none
 * @param title           display name (the name when unknown)
 * @param version         the version this status is about (for a failed update: the new one), or empty
 * @param state           where it stands
 * @param reason          plain words on why it is not active, or empty
 * @param runningVersion  the version that keeps answering, or empty (a failed update keeps the previous one running)
 * @param source          where it came from: the jar's file name in {@code deploy/}, or {@code ipfs://<cid>}
 * @param permissions     what it declared
 */
public record DappStatus(String name, String title, String version, DappState state, String reason,
        String runningVersion, String source, Set<DappPermission> permissions) {

    public DappStatus {
        Objects.requireNonNull(name, "name");
        title = title == null || title.isBlank() ? name : title;
        version = version == null ? "" : version;
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
        runningVersion = runningVersion == null ? "" : runningVersion;
        source = source == null ? "" : source;
        permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
    }
}
