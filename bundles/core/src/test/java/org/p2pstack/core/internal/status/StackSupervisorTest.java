package org.p2pstack.core.internal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.p2pstack.api.node.ManualClock;
import org.p2pstack.api.status.Backoff;
import org.p2pstack.api.status.SelfRepairing;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.status.StackStatus;

class StackSupervisorTest {

    /** A stack whose health and repair outcome the test decides. */
    private static class FakeStack implements SelfRepairing {
        volatile String problem;
        volatile String repairError;
        int repairs;

        @Override
        public String stackName() {
            return "i2p";
        }

        @Override
        public String displayName() {
            return "I2P";
        }

        @Override
        public Optional<String> problem() {
            return Optional.ofNullable(problem);
        }

        @Override
        public void repair() throws Exception {
            repairs++;
            if (repairError != null) {
                throw new Exception(repairError);
            }
            problem = null;
        }
    }

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final FakeStack stack = new FakeStack();
    private final StackSupervisor supervisor = new StackSupervisor(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)), clock,
            Runnable::run);

    private StackSupervisor.Supervision supervision() {
        return supervisor.supervision("i2p").orElseThrow();
    }

    @Test
    void aHealthyStackIsLeftAlone() {
        supervisor.add(stack);
        supervisor.check();
        assertFalse(supervision().failing());
        assertEquals(0, stack.repairs);
        assertTrue(supervisor.supervision("ipfs").isEmpty(), "only watched stacks have a supervision");
    }

    @Test
    void aBrokenStackIsRepairedAfterTheBackOffAndTheRecoveryIsRemembered() {
        supervisor.add(stack);
        stack.problem = "The I2P router stopped";
        supervisor.check();
        assertTrue(supervision().failing());
        assertEquals(0, stack.repairs, "the first repair waits for the back-off");

        clock.advance(Duration.ofMillis(500));
        supervisor.check();
        assertEquals(0, stack.repairs);

        clock.advance(Duration.ofMillis(500));
        supervisor.check();
        assertEquals(1, stack.repairs);
        assertFalse(supervision().failing());
        assertEquals("Restarted at 10:00:01 after: The I2P router stopped", supervision().lastRecovery());
    }

    @Test
    void aFailedRepairIsSaidAndTheNextTryWaitsLonger() {
        supervisor.add(stack);
        stack.problem = "The I2P router stopped";
        stack.repairError = "port 7654 is busy";
        supervisor.check();
        clock.advance(Duration.ofSeconds(1));
        supervisor.check();
        assertEquals(1, stack.repairs);
        assertEquals("The I2P router stopped (the last repair failed: port 7654 is busy)", supervision().problem());
        assertEquals(clock.instant().plusSeconds(2), supervision().nextTry());

        clock.advance(Duration.ofSeconds(2));
        supervisor.check();
        assertEquals(2, stack.repairs);
        assertEquals("The I2P router stopped (the last repair failed: port 7654 is busy)", supervision().problem(),
                "the reason is not repeated");
        assertEquals(clock.instant().plusSeconds(4), supervision().nextTry());

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(8));
            supervisor.check();
        }
        assertEquals(clock.instant().plusSeconds(8), supervision().nextTry(), "never more than the maximum");

        stack.repairError = null;
        clock.advance(Duration.ofSeconds(8));
        supervisor.check();
        assertFalse(supervision().failing());
    }

    @Test
    void aStackThatBreaksAgainSoonWaitsLongerAndOneThatStayedUpStartsOver() {
        supervisor.add(stack);
        stack.problem = "The I2P router stopped";
        supervisor.check();
        clock.advance(Duration.ofSeconds(1));
        supervisor.check();
        assertEquals(1, stack.repairs);

        clock.advance(Duration.ofSeconds(5));
        stack.problem = "The I2P router stopped";
        supervisor.check();
        assertEquals(clock.instant().plusSeconds(2), supervision().nextTry(), "broke again within a minute");
        clock.advance(Duration.ofSeconds(2));
        supervisor.check();
        assertEquals(2, stack.repairs);

        clock.advance(StackSupervisor.STABLE);
        supervisor.check();
        stack.problem = "The I2P router stopped";
        supervisor.check();
        assertEquals(clock.instant().plusSeconds(1), supervision().nextTry(), "healthy for a minute: the back-off starts over");
    }

    @Test
    void aStackThatComesBackByItselfIsNotRepaired() {
        supervisor.add(stack);
        stack.problem = "Tunnels are being rebuilt";
        supervisor.check();
        stack.problem = null;
        clock.advance(Duration.ofMillis(300));
        supervisor.check();
        assertEquals(0, stack.repairs);
        assertFalse(supervision().failing());
        assertEquals("Recovered at 10:00:00 after: Tunnels are being rebuilt", supervision().lastRecovery());
    }

    @Test
    void aHealthCheckThatThrowsCountsAsAProblem() {
        SelfRepairing broken = new FakeStack() {
            @Override
            public Optional<String> problem() {
                throw new IllegalStateException("no router");
            }
        };
        supervisor.add(broken);
        supervisor.check();
        assertEquals("Its health check failed: no router", supervision().problem());
    }

    @Test
    void theStatusSaysPlainlyWhatIsHappening() {
        StackStatus running = new StackStatus("i2p", StackState.RUNNING, "Ready", Map.of("b32", "x"));
        Instant now = clock.instant();
        StackStatus failing = StatusAssembler.supervised(running,
                new StackSupervisor.Supervision("The I2P router stopped", false, now.plusSeconds(4), ""), "I2P", now);
        assertEquals(StackState.FAILED, failing.state());
        assertEquals("The I2P router stopped. I2P is reconnecting (next try in 4 s)…", failing.message());
        assertEquals("x", failing.details().get("b32"), "the stack's own details stay");

        StackStatus restarting = StatusAssembler.supervised(running,
                new StackSupervisor.Supervision("The I2P router stopped", true, now, ""), "I2P", now);
        assertEquals("The I2P router stopped. I2P is restarting…", restarting.message());

        StackStatus recovered = StatusAssembler.supervised(running,
                new StackSupervisor.Supervision(null, false, now, "Restarted at 10:00:01 after: The I2P router stopped"), "I2P", now);
        assertEquals(StackState.RUNNING, recovered.state());
        assertEquals("Restarted at 10:00:01 after: The I2P router stopped", recovered.details().get("lastRecovery"));
    }
}
