package org.p2pstack.api.dapp;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Provided by the core: the dApps installed right now, tracked from their bundles. */
@ProviderType
public interface DappRegistry {

    /** Installed and active dApps, ordered by title. */
    List<Dapp> list();

    /** The dApp with this name, if it is installed and active. */
    Optional<Dapp> find(String name);

    /**
     * Every dApp the node knows of, healthy or not: active ones, and the ones that failed or are invalid,
     * with the reason in plain words. Ordered by name.
     */
    List<DappStatus> all();
}
