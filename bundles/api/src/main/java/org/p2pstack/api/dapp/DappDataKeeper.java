package org.p2pstack.api.dapp;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Provided by a part of the node that keeps data on a dApp's behalf (its pins, logs, files). When the owner removes
 * a dApp and chooses not to keep its data, the core asks every keeper to release it; when the owner keeps it, nothing
 * is asked and the data is there again if the dApp comes back.
 */
@ConsumerType
public interface DappDataKeeper {

    /**
     * Releases what this keeper holds for {@code dappName}, which is no longer installed.
     *
     * @return plain words on what was released (e.g. "3 pinned files unpinned"), or "" when it held nothing
     */
    String release(String dappName);
}
