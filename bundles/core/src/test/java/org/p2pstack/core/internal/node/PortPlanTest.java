package org.p2pstack.core.internal.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PortPlanTest {

    @Test
    void defaultsAreTheWellKnownPorts() {
        PortPlan plan = PortPlan.from(name -> null);
        assertEquals(0, plan.offset());
        assertEquals(8181, plan.privatePort());
        assertEquals(8182, plan.publicPort());
        assertEquals(4444, plan.shift(4444));
    }

    @Test
    void offsetShiftsEveryPort() {
        PortPlan plan = PortPlan.from(Map.of(PortPlan.OFFSET_PROPERTY, " 100 ")::get);
        assertEquals(8281, plan.privatePort());
        assertEquals(8282, plan.publicPort());
        assertEquals(4544, plan.shift(4444));
    }

    @Test
    void explicitPortsWin() {
        PortPlan plan = PortPlan.from(Map.of(PortPlan.OFFSET_PROPERTY, "5", PortPlan.PRIVATE_PORT_PROPERTY, "9000")::get);
        assertEquals(9000, plan.privatePort());
        assertEquals(8187, plan.publicPort());
    }

    @Test
    void badValuesGiveClearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> PortPlan.from(Map.of(PortPlan.OFFSET_PROPERTY, "ten")::get));
        assertEquals("p2pstack.port.offset must be a whole number, not 'ten'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PortPlan.from(Map.of(PortPlan.OFFSET_PROPERTY, "-1")::get));
        assertThrows(IllegalArgumentException.class, () -> PortPlan.from(Map.of(PortPlan.OFFSET_PROPERTY, "60000")::get));
        // the swarm's UDP port 49737 must stay valid too
        assertThrows(IllegalArgumentException.class, () -> PortPlan.from(Map.of(PortPlan.OFFSET_PROPERTY, "15799")::get));
        assertEquals(64_737, PortPlan.from(Map.of(PortPlan.OFFSET_PROPERTY, "15000")::get).shift(49_737));
        assertThrows(IllegalArgumentException.class, () -> new PortPlan(0, 8181, 8181, 8183));
        assertThrows(IllegalArgumentException.class, () -> new PortPlan(15_000, 8181, 8182, 8183).shift(60_000));
    }
}
