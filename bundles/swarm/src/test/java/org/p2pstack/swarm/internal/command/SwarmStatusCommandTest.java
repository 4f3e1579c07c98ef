package org.p2pstack.swarm.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.status.StackStatus;
import org.p2pstack.api.status.StackStatusProvider;

/** swarm:status prints the swarm stack's status, whichever provider comes first, in the table SwarmIT reads. */
class SwarmStatusCommandTest {

    private static final String KEY = "ab".repeat(32);

    private static StackStatusProvider provider(String stack, Map<String, Object> details) {
        return new StackStatusProvider() {
            @Override
            public String stackName() {
                return stack;
            }

            @Override
            public StackStatus status() {
                return new StackStatus(stack, StackState.RUNNING, "fine", details);
            }
        };
    }

    private static String run(SwarmCommand cmd) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        cmd.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheSwarmStackNotTheFirstProvider() throws Exception {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("publicKey", KEY);
        details.put("peers", 2);
        details.put("bootstrap", "127.0.0.1:1234");
        SwarmStatusCommand cmd = new SwarmStatusCommand();
        cmd.providers = List.of(provider("i2p", Map.of("b32", "x.b32.i2p")), provider("swarm", details));
        cmd.swarm = new CompletersTest.Joined() {
            @Override
            public String publicKey() {
                return KEY;
            }
        };
        assertEquals(List.of(
                "stack        swarm",
                "state        running",
                "message      fine",
                "public key   " + KEY,
                "peers        2",
                "bootstrap    127.0.0.1:1234"), run(cmd).lines().toList());
    }

    @Test
    void saysSoWhenThereIsNoSwarmStatusYet() throws Exception {
        SwarmStatusCommand cmd = new SwarmStatusCommand();
        cmd.providers = List.of(provider("i2p", Map.of()));
        assertEquals("the swarm stack has no status yet\n", run(cmd).replace("\r\n", "\n"));
    }
}
