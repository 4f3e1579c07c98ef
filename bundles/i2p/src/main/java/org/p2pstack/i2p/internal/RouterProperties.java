package org.p2pstack.i2p.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.p2pstack.api.node.NodeEnvironment;

/**
 * The embedded router's configuration, derived from {@link I2pSettings}. Pure: no I/O, so the mapping is
 * unit-tested. Property names are the router's own (see I2P's {@code router.config} documentation).
 */
public final class RouterProperties {

    /** The address book implementation that exists in the Maven jars (the blockfile one does not). */
    public static final String NAMING_IMPL = "net.i2p.client.naming.HostsTxtNamingService";

    /**
     * Set only when asked for (reseed servers of our own, a fixed floodfill role), and then removed from
     * {@code router.config} when they are gone (the file keeps whatever it was given, and the router prefers it to
     * the properties it is started with).
     */
    public static final List<String> OPTIONAL_KEYS = List.of("i2p.reseedURL", "router.reseedSSLRequired",
            "router.reseedSSLDisable", "router.floodfillParticipant");
    /** The announced address: set for a fixed {@code router.host}, gone behind a NAT (removed the same way). */
    public static final List<String> ANNOUNCE_KEYS = List.of("i2np.ntcp.hostname", "i2np.udp.host",
            "i2np.udp.addressSources", "i2np.ntcp.bindInterface", "i2np.udp.bindInterface");

    /** Every key removed from {@code router.config} when the settings no longer set it. */
    static List<String> removable() {
        return java.util.stream.Stream.concat(OPTIONAL_KEYS.stream(), ANNOUNCE_KEYS.stream()).toList();
    }

    private RouterProperties() {
    }

    /** Properties passed to the router and written to {@code router.config}. */
    public static Properties of(I2pSettings s) {
        Path dir = s.routerDir().toAbsolutePath();
        Properties p = new Properties();
        String d = dir.toString();
        // everything of this router lives under its own directory
        p.setProperty("i2p.dir.base", d);
        p.setProperty("i2p.dir.config", d);
        p.setProperty("i2p.dir.router", d);
        p.setProperty("i2p.dir.log", dir.resolve("logs").toString());
        p.setProperty("i2p.dir.pid", d);
        p.setProperty("i2p.dir.app", d);
        p.setProperty("i2p.naming.impl", NAMING_IMPL);
        p.setProperty("router.networkID", Integer.toString(s.networkId()));

        // transports: NTCP2 and SSU2 on one port
        String port = Integer.toString(s.routerPort());
        p.setProperty("i2np.ntcp.port", port);
        p.setProperty("i2np.udp.port", port);
        p.setProperty("i2np.udp.internalPort", port);
        p.setProperty("i2np.upnp.enable", Boolean.toString(s.upnp()));
        if (!s.routerHost().isEmpty()) {
            String h = s.routerHost();
            if (s.behindNat()) {
                // the address of this computer is not the one peers reach, and a router that announces it is
                // refused ("IP mismatch": its handshakes come from the NAT's address). Not bound to it either: the
                // router takes a bound address for its own. SSU2's peer tests find the address peers see (or that
                // there is none, and introducers are announced), and NTCP2 announces what SSU2 found.
                p.setProperty("i2np.ntcp.autoip", "true");
                p.setProperty("i2np.udp.addressSources", s.upnp() ? "upnp,ssu" : "ssu");
            } else {
                p.setProperty("i2np.ntcp.hostname", h);
                p.setProperty("i2np.ntcp.autoip", "false");
                p.setProperty("i2np.udp.host", h);
                p.setProperty("i2np.ntcp.bindInterface", h);
                p.setProperty("i2np.udp.bindInterface", h);
            }
            p.setProperty("i2np.ipv6", "false");
            if (NodeEnvironment.isLocalNetworkAddress(h)) {
                // a private test network on one machine (loopback, or hosts of its own numbered from 198.18.0.0/15)
                p.setProperty("i2np.allowLocal", "true");
                p.setProperty("time.disabled", "true");
                p.setProperty("router.blocklist.enable", "false");
                p.setProperty("router.rejectStartupTime", "0");
            }
        }

        // bandwidth (the router's default outbound is only 60 KB/s)
        p.setProperty("i2np.bandwidth.inboundKBytesPerSecond", Integer.toString(s.bandwidthInKBps()));
        p.setProperty("i2np.bandwidth.inboundBurstKBytesPerSecond", Integer.toString(s.bandwidthInKBps() * 11 / 10));
        p.setProperty("i2np.bandwidth.outboundKBytesPerSecond", Integer.toString(s.bandwidthOutKBps()));
        p.setProperty("i2np.bandwidth.outboundBurstKBytesPerSecond",
                Integer.toString(s.bandwidthOutKBps() * 11 / 10));
        p.setProperty("router.sharePercentage", Integer.toString(s.sharePercent()));

        p.setProperty("router.reseedDisable", Boolean.toString(!s.reseed()));
        if (s.reseed() && !s.reseedUrls().isEmpty()) {
            // our own servers instead of I2P's list: the router fetches <url>i2pseeds.su3?netid=<id> from them
            p.setProperty("i2p.reseedURL", ReseedServers.join(s.reseedUrls()));
            p.setProperty("router.reseedSSLDisable", "false");
            // with https only, the router's default; a plain http:// server is skipped unless this is false
            p.setProperty("router.reseedSSLRequired", Boolean.toString(ReseedServers.allHttps(s.reseedUrls())));
        }

        if (s.floodfill() != null) {
            p.setProperty("router.floodfillParticipant", s.floodfill().toString());
        }

        // I2CP: in-JVM clients always work; the TCP port opens only when asked, and on loopback by default
        p.setProperty("i2cp.disableInterface", Boolean.toString(!s.exposeI2cp()));
        p.setProperty("i2cp.hostname", s.i2cpHost());
        p.setProperty("i2cp.port", Integer.toString(s.i2cpPort()));
        return p;
    }

    /** Loopback only: routers that share one computer's loopback also share their lease sets directly. */
    static boolean isLoopback(String host) {
        return host.startsWith("127.") || host.equals("localhost") || host.equals("::1");
    }
}
