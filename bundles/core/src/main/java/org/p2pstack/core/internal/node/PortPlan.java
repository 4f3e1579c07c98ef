package org.p2pstack.core.internal.node;

import java.util.function.UnaryOperator;

/**
 * The ports of one node. The launcher ({@code bin/setenv}) turns {@code P2PSTACK_PORT_OFFSET} into the
 * framework property {@code p2pstack.port.offset}; every port a bundle opens is its base port plus that
 * offset, so a second node on the same machine never collides with the first.
 */
public record PortPlan(int offset, int privatePort, int publicPort, int gatewayPort) {

    public static final String OFFSET_PROPERTY = "p2pstack.port.offset";
    public static final String PRIVATE_PORT_PROPERTY = "p2pstack.port.private";
    public static final String PUBLIC_PORT_PROPERTY = "p2pstack.port.public";
    public static final String GATEWAY_PORT_PROPERTY = "p2pstack.port.gateway";
    public static final int BASE_PRIVATE_PORT = 8181;
    public static final int BASE_PUBLIC_PORT = 8182;
    public static final int BASE_GATEWAY_PORT = 8183;
    /**
     * Large enough for many local nodes, small enough that no base port leaves the valid range: the highest
     * base port is the swarm's UDP port 49737, and 49737 + 15000 still fits.
     */
    public static final int MAX_OFFSET = 15_000;

    public PortPlan {
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("The port offset must be between 0 and " + MAX_OFFSET + ", not " + offset);
        }
        checkPort(privatePort, "private");
        checkPort(publicPort, "public");
        checkPort(gatewayPort, "content origin");
        if (privatePort == publicPort || gatewayPort == privatePort || gatewayPort == publicPort) {
            throw new IllegalArgumentException("The private site, the public site and the content origin each need a port of "
                    + "their own, not " + privatePort + ", " + publicPort + " and " + gatewayPort);
        }
    }

    /** Reads the plan from framework properties; absent ports follow from the offset. */
    public static PortPlan from(UnaryOperator<String> properties) {
        int offset = parse(properties.apply(OFFSET_PROPERTY), 0, OFFSET_PROPERTY);
        int privatePort = parse(properties.apply(PRIVATE_PORT_PROPERTY), BASE_PRIVATE_PORT + offset, PRIVATE_PORT_PROPERTY);
        int publicPort = parse(properties.apply(PUBLIC_PORT_PROPERTY), BASE_PUBLIC_PORT + offset, PUBLIC_PORT_PROPERTY);
        int gatewayPort = parse(properties.apply(GATEWAY_PORT_PROPERTY), BASE_GATEWAY_PORT + offset, GATEWAY_PORT_PROPERTY);
        return new PortPlan(offset, privatePort, publicPort, gatewayPort);
    }

    /** {@code base} shifted by this node's offset. */
    public int shift(int base) {
        int port = base + offset;
        checkPort(port, "shifted " + base);
        return port;
    }

    private static int parse(String value, int fallback, String name) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'", e);
        }
    }

    private static void checkPort(int port, String what) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("The " + what + " port " + port + " is outside 1-65535");
        }
    }
}
