package org.p2pstack.core.internal.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.p2pstack.api.status.Backoff;
import org.p2pstack.api.status.SelfRepairing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every {@link SelfRepairing} stack and repairs the broken ones with back-off. One repair runs
 * per stack at a time (on {@code repairs}, so a slow restart of one stack never delays the others'
 * checks). A stack that fails again soon after a repair waits longer before the next one; after it has
 * been healthy for {@link #STABLE} the back-off starts over.
 */
final class StackSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(StackSupervisor.class);

    /** How long a repaired stack must stay healthy before its back-off starts over. */
    static final Duration STABLE = Duration.ofMinutes(1);

    /** What the status shows about one stack's supervision. */
    record Supervision(String problem, boolean repairing, Instant nextTry, String lastRecovery) {

        boolean failing() {
            return problem != null;
        }
    }

    private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Backoff backoff;
    private final Clock clock;
    private final Executor repairs;
    private final Map<SelfRepairing, Watch> watches = new ConcurrentHashMap<>();

    StackSupervisor(Backoff backoff, Clock clock, Executor repairs) {
        this.backoff = backoff;
        this.clock = clock;
        this.repairs = repairs;
    }

    void add(SelfRepairing stack) {
        watches.putIfAbsent(stack, new Watch());
    }

    void remove(SelfRepairing stack) {
        watches.remove(stack);
    }

    /** One round: asks every stack about its health and starts the repairs that are due. */
    void check() {
        watches.forEach(this::check);
    }

    private void check(SelfRepairing stack, Watch watch) {
        synchronized (watch) {
            if (watch.repairing) {
                return;
            }
            Instant now = clock.instant();
            Optional<String> problem = ask(stack);
            if (problem.isEmpty()) {
                if (watch.problem != null) {
                    // it came back without our help (a slow start, a transient fault)
                    watch.lastRecovery = "Recovered at " + time(now) + " after: " + watch.problem;
                    watch.problem = null;
                    watch.healthySince = now;
                }
                if (watch.attempts > 0 && watch.healthySince != null && !now.isBefore(watch.healthySince.plus(STABLE))) {
                    watch.attempts = 0;
                }
                return;
            }
            if (watch.problem == null) {
                watch.problem = problem.get();
                watch.nextTry = now.plus(backoff.delay(watch.attempts + 1));
                LOG.warn("{}: {}; repairing in {} s", stack.displayName(), watch.problem,
                        Duration.between(now, watch.nextTry).toSeconds());
                return;
            }
            if (now.isBefore(watch.nextTry)) {
                return;
            }
            watch.attempts++;
            watch.repairing = true;
        }
        repairs.execute(() -> repair(stack, watch));
    }

    private void repair(SelfRepairing stack, Watch watch) {
        String failure = null;
        try {
            stack.repair();
        } catch (Exception | LinkageError e) {
            failure = e.getMessage() != null ? e.getMessage() : e.toString();
        }
        synchronized (watch) {
            Instant now = clock.instant();
            watch.repairing = false;
            if (failure == null) {
                watch.lastRecovery = "Restarted at " + time(now) + " after: " + watch.problem;
                LOG.info("{}: {}", stack.displayName(), watch.lastRecovery);
                watch.problem = null;
                watch.healthySince = now;
            } else {
                watch.problem = watch.problem.replaceFirst("( \\(the last repair failed: .*\\))?$", "")
                        + " (the last repair failed: " + failure + ")";
                watch.nextTry = now.plus(backoff.delay(watch.attempts + 1));
                LOG.warn("{}: repair failed ({}); next try in {} s", stack.displayName(), failure,
                        Duration.between(now, watch.nextTry).toSeconds());
            }
        }
    }

    private static Optional<String> ask(SelfRepairing stack) {
        try {
            Optional<String> problem = stack.problem();
            return problem == null ? Optional.empty() : problem;
        } catch (RuntimeException e) {
            return Optional.of("Its health check failed: " + e.getMessage());
        }
    }

    private String time(Instant instant) {
        return HH_MM_SS.format(LocalTime.ofInstant(instant, clock.getZone()));
    }

    /** The supervision of the stack called {@code stackName}, if one is watched under that name. */
    Optional<Supervision> supervision(String stackName) {
        for (Map.Entry<SelfRepairing, Watch> e : watches.entrySet()) {
            String name;
            try {
                name = e.getKey().stackName();
            } catch (RuntimeException ex) {
                continue;
            }
            if (stackName.equals(name)) {
                Watch w = e.getValue();
                synchronized (w) {
                    return Optional.of(new Supervision(w.problem, w.repairing, w.nextTry, w.lastRecovery));
                }
            }
        }
        return Optional.empty();
    }

    /** The display name of the stack called {@code stackName}; the name itself when none is watched. */
    String displayName(String stackName) {
        for (SelfRepairing s : watches.keySet()) {
            try {
                if (stackName.equals(s.stackName())) {
                    return s.displayName();
                }
            } catch (RuntimeException e) {
                // a stack going away; use the plain name
            }
        }
        return stackName;
    }

    /** Mutable per-stack state; guarded by its own monitor. */
    private static final class Watch {
        String problem;
        int attempts;
        Instant nextTry = Instant.EPOCH;
        Instant healthySince;
        boolean repairing;
        String lastRecovery = "";
    }
}
