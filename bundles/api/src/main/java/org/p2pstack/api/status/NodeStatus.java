package org.p2pstack.api.status;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's health as a whole: what {@code GET /api/status} returns.
 *
 * @param version       p2pstack version
 * @param uptimeSeconds seconds since the node started
 * @param stacks        every known stack by name, installed or not, in a stable order
 * @param identity      public identifiers of this node, contributed by the stacks
 */
public record NodeStatus(String version, long uptimeSeconds, Map<String, StackStatus> stacks,
        Map<String, String> identity) {

    public NodeStatus {
        // keep the caller's order: the status page and console list stacks in it
        stacks = Collections.unmodifiableMap(new LinkedHashMap<>(stacks));
        identity = Collections.unmodifiableMap(new LinkedHashMap<>(identity));
    }
}
