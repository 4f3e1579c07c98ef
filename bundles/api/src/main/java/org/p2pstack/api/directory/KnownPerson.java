package org.p2pstack.api.directory;

import java.time.Instant;
import java.util.Objects;

import org.p2pstack.api.profile.ProfileRecord;

/**
 * A person in the directory, with what this node knows of them itself (not what their record claims).
 *
 * @param record     their newest verified profile record
 * @param knownSince when this node first heard of them, by its own clock
 * @param followed   whether the user follows them
 * @param visited    whether the user visited their page
 * @param self       whether this is the user's own record
 */
public record KnownPerson(ProfileRecord record, Instant knownSince, boolean followed, boolean visited, boolean self) {

    public KnownPerson {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(knownSince, "knownSince");
    }
}
