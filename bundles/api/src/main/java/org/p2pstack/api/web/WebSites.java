package org.p2pstack.api.web;

/**
 * The node serves three sites from one web server. The <em>private</em> site (connector on 127.0.0.1:8181)
 * is the owner's: home dApp, dApps and every API that changes state. The <em>public</em> site
 * (127.0.0.1:8182, the only thing the I2P server tunnel reaches) is read-only. The <em>content origin</em>
 * (8183) serves what IPFS fetched, sandboxed, one origin per CID ({@code <cid>.ipfs.localhost:8183}).
 *
 * <p>Servlets for the public site register under {@link #PUBLIC_PREFIX}; a request that arrives on the
 * public connector for {@code /x} is dispatched to {@code /public/x} and can reach nothing else.
 */
public final class WebSites {

    /** Path prefix under which public-site servlets register. */
    public static final String PUBLIC_PREFIX = "/public";

    /**
     * Path prefix under which the content origin's servlet (the IPFS gateway) registers: a request on the gateway
     * connector for {@code /x} is dispatched to {@code /gateway/x}. Neither prefix is reachable on the private site.
     */
    public static final String GATEWAY_PREFIX = "/gateway";

    /** Header carrying {@link org.p2pstack.api.node.NodeEnvironment#tunnelSecret()} from the I2P server tunnel. */
    public static final String TUNNEL_HEADER = "X-P2PStack-Tunnel";

    /** Header that every state-changing request to the private site must carry (anti cross-site forgery). */
    public static final String TOKEN_HEADER = "X-P2PStack-Token";

    /** Form field accepted instead of {@link #TOKEN_HEADER} on plain HTML form posts. */
    public static final String TOKEN_FIELD = "p2pstackToken";

    /** Private-site endpoint that hands the page its token (readable by same-origin pages only). */
    public static final String SESSION_PATH = "/api/session";

    private WebSites() {
    }
}
