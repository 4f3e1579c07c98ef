package org.p2pstack.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.p2pstack.api.dapp.Dapp;
import org.p2pstack.api.status.NodeStatus;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.status.StackStatus;

class StatusFormatterTest {

    @Test
    void oneLinePerStackInOrder() {
        Map<String, StackStatus> stacks = new LinkedHashMap<>();
        stacks.put("i2p", new StackStatus("i2p", StackState.STARTING, "Building tunnels", Map.of("tunnels", 2)));
        stacks.put("ipfs", StackStatus.absent("ipfs"));
        String text = StatusFormatter.stacks(new NodeStatus("0.1.0", 3725, stacks, Map.of("b32", "abc.b32.i2p")));
        List<String> lines = text.lines().toList();
        assertEquals("p2pstack 0.1.0, up 1h 2m", lines.get(0));
        assertTrue(lines.get(1).matches("i2p +starting +Building tunnels \\(tunnels=2\\)"), lines.get(1));
        assertTrue(lines.get(2).matches("ipfs +absent +Not installed"), lines.get(2));
        assertTrue(lines.get(3).matches("b32 +abc.b32.i2p"), lines.get(3));
    }

    @Test
    void dappsTableAndEmptyHint() {
        assertTrue(StatusFormatter.dapps(List.of()).contains("deploy/"));
        String table = StatusFormatter.dapps(List.of(new Dapp("stacks", "Network stacks", "", "1.0", "web", "", 7)));
        assertTrue(table.lines().skip(1).findFirst().orElseThrow().matches("stacks +1.0 +Network stacks +/dapps/stacks/"));
    }

    @Test
    void durations() {
        assertEquals("0m 5s", StatusFormatter.duration(5));
        assertEquals("2d 3h", StatusFormatter.duration(2 * 86_400 + 3 * 3600 + 59));
    }
}
