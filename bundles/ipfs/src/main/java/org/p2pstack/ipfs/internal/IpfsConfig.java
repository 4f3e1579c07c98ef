package org.p2pstack.ipfs.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the IPFS stack, read from {@code etc/org.p2pstack.ipfs.cfg}. */
@ObjectClassDefinition(id = "org.p2pstack.ipfs", name = "p2pstack IPFS", description = "The node's IPFS stack")
public @interface IpfsConfig {

    @AttributeDefinition(description = "Address the libp2p TCP transport listens on")
    String listenHost() default "0.0.0.0";

    @AttributeDefinition(description = "Base libp2p TCP port; shifted by P2PSTACK_PORT_OFFSET")
    int listenPort() default 4001;

    /**
     * Empty unless configured: the public IPFS bootstrap list lives in the distribution's
     * {@code etc/org.p2pstack.ipfs.cfg}, so that a test or a development node never dials out by accident.
     */
    @AttributeDefinition(description = "Multiaddrs of the peers dialled at start-up (/ip4|ip6|dns4|dns6|dnsaddr/.../p2p/...)",
            required = false)
    String[] bootstrap() default {};

    @AttributeDefinition(description = "Seconds a read waits for one block from the network before it fails (1 to 300)")
    int fetchTimeoutSeconds() default 30;

    @AttributeDefinition(description = "Hours between re-announcements of pinned content to the DHT (0 = never)")
    int reprovideIntervalHours() default 12;

    /**
     * No default on purpose: a default would become a component property, and a node kept on this computer
     * ({@code P2PSTACK_LOCAL_NETWORK=true}) must tell a {@code lanDiscovery = true} its .cfg sets from no setting at all.
     * Unset means on for users and off on such a node; an explicit value wins (and a test-network node then uses only
     * 198.18.0.0/15 interfaces). See {@link IpfsComponent#lanDiscovery}.
     */
    @AttributeDefinition(description = "Find IPFS peers on the local network with mDNS (libp2p's _p2p._udp.local on UDP 5353)"
            + " and connect to them. Unset: on, except with P2PSTACK_LOCAL_NETWORK=true, where only an explicit true"
            + " switches it on", required = false)
    boolean lanDiscovery();

    @AttributeDefinition(description = "Seconds between mDNS queries for peers on the local network (1 to 3600)")
    int lanDiscoveryIntervalSeconds() default 10;
}
