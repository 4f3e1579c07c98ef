package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.p2pstack.api.status.NodeStatus;
import org.p2pstack.api.status.NodeStatusService;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.status.StackStatus;

/** The service alone, without OSGi or HTTP: its node service is a stand-in. */
class MessageBoardTest {

    /** A node with two networks, one of them running. */
    private static final NodeStatusService NODE = new NodeStatusService() {
        @Override
        public NodeStatus status() {
            return new NodeStatus("1.0.0", 5, Map.of(
                    "ipfs", new StackStatus("ipfs", StackState.RUNNING, "ready", Map.of()),
                    "i2p", new StackStatus("i2p", StackState.STARTING, "building tunnels", Map.of())), Map.of());
        }

        @Override
        public List<String> stackNames() {
            return List.of("ipfs", "i2p");
        }
    };

    private final MessageBoard board = new MessageBoard(NODE);

    @Test
    void keepsMessagesNewestFirst() {
        board.post("first");
        board.post("  second  ");
        assertEquals(List.of("second", "first"), board.messages().stream().map(MessageBoard.Message::text).toList());
    }

    @Test
    void refusesEmptyAndOverlongMessagesInPlainWords() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> board.post("   "));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> board.post("x".repeat(MessageBoard.MAX_LENGTH + 1)));
        assertEquals(0, board.messages().size());
    }

    @Test
    void dropsTheOldestBeyondTheLimit() {
        for (int i = 0; i < MessageBoard.MAX_MESSAGES + 5; i++) {
            board.post("message " + i);
        }
        assertEquals(MessageBoard.MAX_MESSAGES, board.messages().size());
        assertEquals("message " + (MessageBoard.MAX_MESSAGES + 4), board.messages().get(0).text());
    }

    @Test
    void summaryCountsRunningNetworks() {
        board.post("hello");
        MessageBoard.Summary summary = board.summary();
        assertEquals(1, summary.messages());
        assertEquals(1, summary.networksRunning());
        assertEquals(2, summary.networks());
    }
}
