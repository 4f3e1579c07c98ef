package org.p2pstack.i2p.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Typed view of {@code etc/org.p2pstack.i2p.cfg}. */
@ObjectClassDefinition(name = "p2pstack I2P",
        description = "Embedded I2P router or an external one over I2CP, tunnels and proxy")
public @interface I2pConfig {

    @AttributeDefinition(description = "embedded: run an I2P router inside the node; "
            + "external: use a running I2P router or i2pd over I2CP", options = {
                @Option(label = "embedded", value = "embedded"), @Option(label = "external", value = "external")})
    String mode() default "embedded";

    @AttributeDefinition(description = "I2CP host of the external router (external mode), "
            + "or the address the embedded router's I2CP listens on when i2cp.expose is on")
    String i2cp_host() default "127.0.0.1";

    @AttributeDefinition(description = "I2CP port; 0 = 7654 shifted by the node's port offset")
    int i2cp_port() default 0;

    @AttributeDefinition(description = "Embedded mode: open the router's I2CP port so other programs "
            + "(for example a second node in external mode) can use this router")
    boolean i2cp_expose() default false;

    @AttributeDefinition(description = "Embedded mode: NTCP2 and SSU2 port; 0 = 23457 shifted by the node's port offset")
    int router_port() default 0;

    @AttributeDefinition(description = "Embedded mode: host the router announces and binds to; empty = detect "
            + "(set 127.0.0.1 for a private test network on loopback)")
    String router_host() default "";

    @AttributeDefinition(description = "Embedded mode, with router.host set: this computer sits behind a NAT. The router "
            + "never announces router.host (nor binds to it, since a router announces what it is bound to) but the "
            + "address its peers see it at (SSU2 peer tests), or introducers when nothing can reach it unasked")
    boolean router_behindNat() default false;

    @AttributeDefinition(description = "Embedded mode: look for port mappings with UPnP")
    boolean upnp() default true;

    @AttributeDefinition(description = "Embedded mode: inbound bandwidth limit, KB/s")
    int bandwidth_in() default 512;

    @AttributeDefinition(description = "Embedded mode: outbound bandwidth limit, KB/s")
    int bandwidth_out() default 256;

    @AttributeDefinition(description = "Embedded mode: share of bandwidth for other people's tunnels, percent")
    int bandwidth_share() default 50;

    @AttributeDefinition(description = "Hops of the node's inbound tunnels (0..7); 3 is I2P's default")
    int tunnel_inbound_length() default 3;

    @AttributeDefinition(description = "Hops of the node's outbound tunnels (0..7); at least 1 to reach other routers")
    int tunnel_outbound_length() default 3;

    @AttributeDefinition(description = "Number of tunnels in each direction (1..16)")
    int tunnel_quantity() default 2;

    @AttributeDefinition(description = "Embedded mode: fetch router infos from reseed servers when the network "
            + "database is empty (off for private test networks)")
    boolean reseed() default true;

    @AttributeDefinition(description = "Embedded mode: reseed servers to use instead of I2P's own list, as base URLs "
            + "separated by commas (for example https://198.18.0.20:8443/; the router fetches i2pseeds.su3 there). "
            + "Empty = I2P's list. A node kept on this computer (P2PSTACK_LOCAL_NETWORK) reseeds only when every "
            + "server is on loopback or 198.18.0.0/15")
    String reseed_url() default "";

    @AttributeDefinition(description = "Embedded mode: folder of .crt files the router trusts for reseeding, copied "
            + "into its certificates/reseed/ (signers of i2pseeds.su3, named after the signer with @ as _at_) and "
            + "certificates/ssl/ (the servers' self-signed HTTPS certificates) at each start. Empty = only the "
            + "certificates shipped with the node")
    String reseed_certificates() default "";

    @AttributeDefinition(description = "Embedded mode: keep a share of the network database for other routers: auto "
            + "(the router decides, as on the public I2P network), true (a private network's first routers need one) or false")
    String floodfill() default "auto";

    @AttributeDefinition(description = "Network ID: 2 is the public I2P network; other values make a private network")
    int network_id() default 2;

    @AttributeDefinition(description = "Run the server tunnel: streams to the node's destination reach the public site")
    boolean server_enabled() default true;

    @AttributeDefinition(description = "Run the browser HTTP proxy on 127.0.0.1")
    boolean proxy_enabled() default true;

    @AttributeDefinition(description = "HTTP proxy port; 0 = 4444 shifted by the node's port offset")
    int proxy_port() default 0;
}
