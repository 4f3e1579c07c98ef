package org.p2pstack.swarm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which bootstrap nodes the swarm starts with (issue 15, item 2: the configured list was dropped in local mode). */
class BootstrapListTest {

    private static final String PUBLIC = "node1.hyperdht.org:49737,node2.hyperdht.org:49737";

    @Test
    void theConfiguredLoopbackListCountsInLocalNetworkMode() {
        BootstrapList b = BootstrapList.choose("", "127.0.0.1:49990", true, false);
        assertEquals(List.of("127.0.0.1:49990"), b.nodes());
        assertEquals(BootstrapList.FROM_CONFIG, b.source());
        assertEquals(List.of(), b.dropped());
    }

    @Test
    void localNetworkModeDropsOnlyThePublicEntriesAndSaysWhy() {
        BootstrapList b = BootstrapList.choose(null,
                "node1.hyperdht.org:49737, 127.0.0.1:30001,198.18.0.7:30002,198.19.255.1:30003,198.20.0.1:30004,[::1]:30005,"
                        + "localhost:30006,8.8.8.8:53,10.0.0.1:30007",
                true, false);
        assertEquals(List.of("127.0.0.1:30001", "198.18.0.7:30002", "198.19.255.1:30003", "[::1]:30005", "localhost:30006"), b.nodes());
        assertEquals(4, b.dropped().size(), b.dropped().toString());
        assertTrue(b.dropped().get(0).startsWith("node1.hyperdht.org:49737 (not on this computer"), b.dropped().toString());
        assertTrue(b.dropped().stream().anyMatch(d -> d.startsWith("198.20.0.1:30004")));
    }

    @Test
    void aPublicNodeKeepsThePublicList() {
        BootstrapList b = BootstrapList.choose("", PUBLIC, false, false);
        assertEquals(List.of("node1.hyperdht.org:49737", "node2.hyperdht.org:49737"), b.nodes());
    }

    @Test
    void theOverrideWinsAndIsFilteredTheSameWay() {
        BootstrapList b = BootstrapList.choose("127.0.0.1:9,node3.hyperdht.org:49737", "127.0.0.1:49990", true, false);
        assertEquals(List.of("127.0.0.1:9"), b.nodes());
        assertEquals(BootstrapList.FROM_OVERRIDE, b.source());
        assertEquals(1, b.dropped().size());
    }

    @Test
    void aLocalBootstrapNodeHasNoBootstrap() {
        BootstrapList b = BootstrapList.choose("127.0.0.1:9", "127.0.0.1:49990", true, true);
        assertEquals(List.of(), b.nodes());
        assertEquals(BootstrapList.FROM_LOCAL_BOOTSTRAP, b.source());
    }

    @Test
    void malformedEntriesAreLeftOutAtStartAndRefusedWhenSet() {
        BootstrapList b = BootstrapList.choose("", "127.0.0.1,127.0.0.1:99999,127.0.0.1:49990", true, false);
        assertEquals(List.of("127.0.0.1:49990"), b.nodes());
        assertEquals(2, b.dropped().size());

        assertEquals(List.of("127.0.0.1:49990", "127.0.0.1:49991"), BootstrapList.parse("127.0.0.1:49990, 127.0.0.1:49991"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BootstrapList.parse("127.0.0.1:49990,nonsense"));
        assertTrue(e.getMessage().contains("'nonsense'") && e.getMessage().contains("host:port"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BootstrapList.parse("127.0.0.1:0"));
        assertThrows(IllegalArgumentException.class, () -> BootstrapList.parse("300.0.0.1:49990"));
        assertThrows(IllegalArgumentException.class, () -> BootstrapList.parse("a b:1"));
        assertThrows(IllegalArgumentException.class, () -> BootstrapList.parse("127.0.0.1:1,".repeat(BootstrapList.MAX_ENTRIES + 1)));
    }

    @Test
    void entriesBecomeHostPortPairsForHyperDht() {
        String json = BootstrapList.choose("", "127.0.0.1:49990,[::1]:30005", true, false).toJson().toString();
        assertEquals("[{\"host\":\"127.0.0.1\",\"port\":49990},{\"host\":\"::1\",\"port\":30005}]", json);
    }
}
