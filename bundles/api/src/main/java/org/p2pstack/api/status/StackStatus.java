package org.p2pstack.api.status;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one stack's health.
 *
 * @param stack   short stack name, e.g. {@code i2p}
 * @param state   its life-cycle state
 * @param message one plain-words sentence for people ("Building tunnels…"); never null
 * @param details stack-specific facts for the status page and console (peer counts, addresses...);
 *                values are strings, numbers or booleans
 */
public record StackStatus(String stack, StackState state, String message, Map<String, Object> details) {

    public StackStatus {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The entry shown for a stack whose bundle is not installed. */
    public static StackStatus absent(String stack) {
        return new StackStatus(stack, StackState.ABSENT, "Not installed", Map.of());
    }
}
