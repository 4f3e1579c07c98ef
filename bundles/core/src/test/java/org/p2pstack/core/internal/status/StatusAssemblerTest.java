package org.p2pstack.core.internal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.p2pstack.api.status.NodeStatus;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.status.StackStatus;
import org.p2pstack.api.status.StackStatusProvider;

class StatusAssemblerTest {

    private final StatusAssembler assembler = new StatusAssembler(List.of("i2p", "ipfs", "swarm", "torrent"));

    private static StackStatusProvider provider(String name, StackState state, Map<String, String> identity) {
        return new StackStatusProvider() {
            @Override
            public String stackName() {
                return name;
            }

            @Override
            public StackStatus status() {
                return new StackStatus(name, state, "msg", Map.of("peers", 3));
            }

            @Override
            public Map<String, String> identity() {
                return identity;
            }
        };
    }

    @Test
    void uninstalledStacksAreAbsent() {
        NodeStatus status = assembler.assemble("1", 5, List.of());
        assertEquals(List.of("i2p", "ipfs", "swarm", "torrent"), List.copyOf(status.stacks().keySet()));
        status.stacks().values().forEach(s -> assertEquals(StackState.ABSENT, s.state()));
        assertEquals(Map.of(), status.identity());
    }

    @Test
    void providersFillTheirEntryAndIdentity() {
        NodeStatus status = assembler.assemble("1", 5,
                List.of(provider("ipfs", StackState.RUNNING, Map.of("ipfsPeerId", "12D3")),
                        provider("chat", StackState.STARTING, Map.of())));
        assertEquals(StackState.RUNNING, status.stacks().get("ipfs").state());
        assertEquals(3, status.stacks().get("ipfs").details().get("peers"));
        assertEquals(StackState.ABSENT, status.stacks().get("i2p").state());
        assertEquals(List.of("i2p", "ipfs", "swarm", "torrent", "chat"), assembler.order(List.of(provider("chat",
                StackState.STARTING, Map.of()))));
        assertEquals("12D3", status.identity().get("ipfsPeerId"));
    }

    @Test
    void aBrokenProviderShowsAsFailedWithoutBreakingTheRest() {
        StackStatusProvider broken = new StackStatusProvider() {
            @Override
            public String stackName() {
                return "i2p";
            }

            @Override
            public StackStatus status() {
                throw new IllegalStateException("router gone");
            }

            @Override
            public Map<String, String> identity() {
                throw new IllegalStateException("router gone");
            }
        };
        NodeStatus status = assembler.assemble("1", 5, List.of(broken, provider("ipfs", StackState.RUNNING, Map.of())));
        assertEquals(StackState.FAILED, status.stacks().get("i2p").state());
        assertEquals("Status check failed: router gone", status.stacks().get("i2p").message());
        assertEquals(StackState.RUNNING, status.stacks().get("ipfs").state());
    }
}
