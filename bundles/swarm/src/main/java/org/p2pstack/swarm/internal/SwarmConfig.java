package org.p2pstack.swarm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.p2pstack.swarm.cfg */
@ObjectClassDefinition(name = "p2pstack Hyperswarm", description = "Hyperswarm DHT and Hypercore settings")
public @interface SwarmConfig {

    @AttributeDefinition(description = "Start the swarm stack")
    boolean enabled() default true;

    @AttributeDefinition(description = "DHT bootstrap nodes, host:port separated by commas (the public Hyperswarm bootstrap by default;"
            + " with P2PSTACK_LOCAL_NETWORK=true only loopback and 198.18.0.0/15 entries are used)")
    String bootstrap() default "node1.hyperdht.org:49737,node2.hyperdht.org:49737,node3.hyperdht.org:49737";

    @AttributeDefinition(description = "UDP port of the DHT, before the node's port offset")
    int port() default 49737;

    @AttributeDefinition(description = "Address the DHT socket binds to")
    String host() default "0.0.0.0";

    @AttributeDefinition(description = "Whether this node assumes it is behind a firewall/NAT (false on a public address or a local test network)")
    boolean firewalled() default true;

    @AttributeDefinition(description = "Run as a bootstrap node of a small private network (not ephemeral, not firewalled)")
    boolean localBootstrap() default false;

    @AttributeDefinition(description = "Announce each of this node's cores on its discovery key, so peers that know only the core's key find it")
    boolean announceCores() default true;
}
