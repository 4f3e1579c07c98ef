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

    @AttributeDefinition(description = "Multiaddrs of the peers dialled at start-up (/ip4|ip6|dns4|dns6/.../tcp/.../p2p/...)")
    String[] bootstrap() default {
        "/ip4/104.131.131.82/tcp/4001/p2p/QmaCpDMGvV2BGHeYERUEnRQAwe3N8SzbUtfsmvsqQLuvuJ",
        "/dnsaddr/bootstrap.libp2p.io/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN",
        "/dnsaddr/bootstrap.libp2p.io/p2p/QmQCU2EcMqAqQPR2i9bChDtGNJchTbq5TbXJJ16u19uLTa",
        "/dnsaddr/bootstrap.libp2p.io/p2p/QmbLHAnMoJPWSCR5Zhtx6BHJX9KiKNN6tpvbUcqanj75Nb",
        "/dnsaddr/bootstrap.libp2p.io/p2p/QmcZf59bWwK5XFi76CZX8cbJ4BhTzzA3gU1ZjYZcYW3dwt"
    };

    @AttributeDefinition(description = "Seconds a read waits for blocks from the network before it fails")
    int fetchTimeoutSeconds() default 30;

    @AttributeDefinition(description = "Hours between re-announcements of pinned content to the DHT (0 = never)")
    int reprovideIntervalHours() default 12;
}
