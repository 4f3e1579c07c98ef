package org.p2pstack.core.internal.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.p2pstack.api.status.NodeStatus;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.status.StackStatus;
import org.p2pstack.api.status.StackStatusProvider;

/**
 * Builds a {@link NodeStatus} from whatever stack providers are registered. Known stacks always appear
 * (as {@code absent} when not installed); a provider that throws is reported as {@code failed} instead
 * of breaking the whole status.
 */
final class StatusAssembler {

    private final List<String> knownStacks;

    StatusAssembler(List<String> knownStacks) {
        this.knownStacks = List.copyOf(knownStacks);
    }

    List<String> order(Collection<StackStatusProvider> providers) {
        List<String> names = new ArrayList<>(knownStacks);
        providers.stream().map(StatusAssembler::safeName).filter(n -> !names.contains(n)).sorted().forEach(names::add);
        return names;
    }

    NodeStatus assemble(String version, long uptimeSeconds, Collection<StackStatusProvider> providers) {
        return assemble(version, uptimeSeconds, providers, null);
    }

    NodeStatus assemble(String version, long uptimeSeconds, Collection<StackStatusProvider> providers, StackSupervisor supervisor) {
        Map<String, StackStatus> byName = new LinkedHashMap<>();
        Map<String, String> identity = new LinkedHashMap<>();
        for (StackStatusProvider provider : providers) {
            String name = safeName(provider);
            StackStatus status = safeStatus(provider, name);
            if (supervisor != null) {
                Optional<StackSupervisor.Supervision> supervision = supervisor.supervision(name);
                if (supervision.isPresent()) {
                    status = supervised(status, supervision.get(), supervisor.displayName(name), Instant.now());
                }
            }
            byName.put(name, status);
            try {
                provider.identity().forEach(identity::putIfAbsent);
            } catch (RuntimeException e) {
                // identity is optional; the failure already shows in the stack's own status if it matters
            }
        }
        Map<String, StackStatus> stacks = new LinkedHashMap<>();
        for (String name : order(providers)) {
            stacks.put(name, byName.getOrDefault(name, StackStatus.absent(name)));
        }
        return new NodeStatus(version, uptimeSeconds, stacks, identity);
    }

    /**
     * A stack's status as its supervision sees it: while a problem is being repaired the stack is
     * {@code failed} with a plain message ("The I2P router stopped. I2P is reconnecting (next try in 4 s)…"),
     * and the last recovery stays visible in {@code lastRecovery}.
     */
    static StackStatus supervised(StackStatus status, StackSupervisor.Supervision supervision, String displayName, Instant now) {
        Map<String, Object> details = new LinkedHashMap<>(status.details());
        if (!supervision.lastRecovery().isEmpty()) {
            details.put("lastRecovery", supervision.lastRecovery());
        }
        if (!supervision.failing()) {
            return new StackStatus(status.stack(), status.state(), status.message(), details);
        }
        String problem = supervision.problem().endsWith(".") ? supervision.problem() : supervision.problem() + ".";
        String action;
        if (supervision.repairing()) {
            action = displayName + " is restarting…";
        } else {
            long wait = Math.max(0, Duration.between(now, supervision.nextTry()).toSeconds());
            action = displayName + " is reconnecting" + (wait > 0 ? " (next try in " + wait + " s)…" : "…");
        }
        return new StackStatus(status.stack(), StackState.FAILED, problem + " " + action, details);
    }

    private static String safeName(StackStatusProvider provider) {
        try {
            String name = provider.stackName();
            return name == null || name.isBlank() ? provider.getClass().getSimpleName() : name;
        } catch (RuntimeException e) {
            return provider.getClass().getSimpleName();
        }
    }

    private static StackStatus safeStatus(StackStatusProvider provider, String name) {
        try {
            StackStatus status = provider.status();
            return status != null ? status : new StackStatus(name, StackState.FAILED, "The stack reported no status", Map.of());
        } catch (RuntimeException e) {
            return new StackStatus(name, StackState.FAILED, "Status check failed: " + e.getMessage(), Map.of());
        }
    }
}
