package org.p2pstack.api.status;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Provided by the core: the node's status, assembled from every {@link StackStatusProvider}. */
@ProviderType
public interface NodeStatusService {

    /** A fresh snapshot. */
    NodeStatus status();

    /** Stack names in display order: the known stacks first, then any others that registered. */
    List<String> stackNames();
}
