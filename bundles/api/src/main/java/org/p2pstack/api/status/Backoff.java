package org.p2pstack.api.status;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a failed stack waits before it restarts itself: doubling from {@code initial} up to
 * {@code max}, so a stack that keeps failing neither spins nor gives up.
 */
public record Backoff(Duration initial, Duration max) {

    /** One second, doubling to two minutes. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2));

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
    }

    /** The wait before restart number {@code attempt} (1 for the first restart after a failure). */
    public Duration delay(int attempt) {
        if (attempt <= 1) {
            return initial;
        }
        int doublings = Math.min(attempt - 1, 30);
        Duration delay = initial.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
