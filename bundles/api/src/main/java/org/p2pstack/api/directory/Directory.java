package org.p2pstack.api.directory;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.p2pstack.api.profile.ProfileRecord;

/**
 * The people this node knows from directory gossip on Hyperswarm, each by their newest verified profile record.
 * Nicknames are not unique, so a person is told apart by their b32 address. The people the user follows or has
 * visited, and the user, are trusted: they are never forgotten and come first in a search. Provided by the social
 * bundle while the swarm stack runs.
 */
@ProviderType
public interface Directory {

    /** People whose nickname contains {@code query} (ignoring case), best first; everyone for an empty query. */
    List<ProfileRecord> search(String query);

    /** {@link #search}, with what this node knows of each person: the reasons for the order. */
    List<KnownPerson> searchRanked(String query);

    /** The person with this I2P address ({@code <52 characters>.b32.i2p}), if known. */
    Optional<ProfileRecord> find(String b32);

    /** The person whose record names {@code swarmKey} (hex), if known. */
    Optional<ProfileRecord> bySwarmKey(String swarmKey);

    /** How many people are known. */
    int size();
}
