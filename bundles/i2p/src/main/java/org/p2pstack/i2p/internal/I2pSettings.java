package org.p2pstack.i2p.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.p2pstack.api.node.NodeEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the I2P stack needs to run, resolved to concrete values (ports shifted, directories chosen).
 * {@code privatePort} is the node's private site, where the proxy sends a visitor who wants to follow a page.
 * {@code reseedUrls} are base URLs of the node's own reseed servers (empty: I2P's list), {@code reseedCertificates}
 * a folder of certificates the router trusts for them (null: none). {@code floodfill} makes the router keep a
 * share of the network database for others, or never (null: the router decides, as on the public network).
 * Built from {@link I2pConfig} and {@link NodeEnvironment} by the component and directly by tests.
 */
public record I2pSettings(
        Mode mode,
        Path dataDir,
        String i2cpHost,
        int i2cpPort,
        boolean exposeI2cp,
        int routerPort,
        String routerHost,
        boolean upnp,
        int bandwidthInKBps,
        int bandwidthOutKBps,
        int sharePercent,
        int inboundLength,
        int outboundLength,
        int tunnelQuantity,
        boolean reseed,
        int networkId,
        boolean serverEnabled,
        int publicPort,
        boolean proxyEnabled,
        int proxyPort,
        int privatePort,
        List<URI> reseedUrls,
        Path reseedCertificates,
        Boolean floodfill,
        boolean behindNat) {

    private static final Logger LOG = LoggerFactory.getLogger(I2pSettings.class);

    /** Base ports, shifted by the node's port offset. */
    public static final int I2CP_BASE_PORT = 7654;
    public static final int ROUTER_BASE_PORT = 23457;
    public static final int PROXY_BASE_PORT = 4444;

    /** How the node reaches the I2P network. */
    public enum Mode {
        EMBEDDED, EXTERNAL;

        static Mode parse(String s) {
            String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
            switch (v) {
                case "":
                case "embedded":
                    return EMBEDDED;
                case "external":
                    return EXTERNAL;
                default:
                    throw new IllegalArgumentException("mode must be embedded or external, not " + s);
            }
        }
    }

    public I2pSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(dataDir, "dataDir");
        i2cpHost = i2cpHost == null || i2cpHost.isBlank() ? "127.0.0.1" : i2cpHost.trim();
        routerHost = routerHost == null ? "" : routerHost.trim();
        checkPort(i2cpPort, "i2cp port");
        checkPort(routerPort, "router port");
        checkPort(publicPort, "public port");
        checkPort(proxyPort, "proxy port");
        checkPort(privatePort, "private port");
        checkRange(inboundLength, 0, 7, "inbound tunnel length");
        checkRange(outboundLength, 0, 7, "outbound tunnel length");
        checkRange(tunnelQuantity, 1, 16, "tunnel quantity");
        checkRange(bandwidthInKBps, 12, 1_000_000, "inbound bandwidth");
        checkRange(bandwidthOutKBps, 12, 1_000_000, "outbound bandwidth");
        checkRange(sharePercent, 0, 100, "bandwidth share");
        checkRange(networkId, 2, 254, "network id");
        reseedUrls = reseedUrls == null ? List.of() : List.copyOf(reseedUrls);
    }

    /** Without reseed servers of its own (I2P's list) and certificates: what most tests and benchmarks need. */
    public I2pSettings(Mode mode, Path dataDir, String i2cpHost, int i2cpPort, boolean exposeI2cp, int routerPort,
            String routerHost, boolean upnp, int bandwidthInKBps, int bandwidthOutKBps, int sharePercent,
            int inboundLength, int outboundLength, int tunnelQuantity, boolean reseed, int networkId,
            boolean serverEnabled, int publicPort, boolean proxyEnabled, int proxyPort, int privatePort) {
        this(mode, dataDir, i2cpHost, i2cpPort, exposeI2cp, routerPort, routerHost, upnp, bandwidthInKBps,
                bandwidthOutKBps, sharePercent, inboundLength, outboundLength, tunnelQuantity, reseed, networkId,
                serverEnabled, publicPort, proxyEnabled, proxyPort, privatePort, List.of(), null, null, false);
    }

    private static void checkPort(int port, String what) {
        checkRange(port, 1, 65535, what);
    }

    private static void checkRange(int v, int min, int max, String what) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", not " + v);
        }
    }

    /** Resolves the typed configuration against the node's environment. */
    public static I2pSettings from(I2pConfig c, NodeEnvironment env) {
        // a node kept on this computer never reseeds from the internet, binds loopback (or its address on a test
        // network of several hosts) and opens no UPnP ports
        boolean local = env.localNetworkOnly();
        String routerHost = local && !NodeEnvironment.isLocalNetworkAddress(c.router_host()) ? "127.0.0.1" : c.router_host();
        List<URI> reseedUrls = ReseedServers.parse(c.reseed_url());
        boolean reseed = c.reseed();
        if (local && !reseedUrls.isEmpty() && !ReseedServers.allOnLocalNetwork(reseedUrls)) {
            LOG.warn("reseed.url {} ignored: a node kept on the local network reseeds only from servers on loopback "
                    + "or 198.18.0.0/15", ReseedServers.join(reseedUrls));
            reseedUrls = List.of();
        }
        if (local && reseedUrls.isEmpty()) {
            // never I2P's public reseed servers
            reseed = false;
        }
        String certs = c.reseed_certificates();
        return new I2pSettings(
                Mode.parse(c.mode()),
                env.dataDir("i2p"),
                c.i2cp_host(),
                c.i2cp_port() > 0 ? c.i2cp_port() : env.port(I2CP_BASE_PORT),
                c.i2cp_expose(),
                c.router_port() > 0 ? c.router_port() : env.port(ROUTER_BASE_PORT),
                routerHost,
                !local && c.upnp(),
                c.bandwidth_in(),
                c.bandwidth_out(),
                c.bandwidth_share(),
                c.tunnel_inbound_length(),
                c.tunnel_outbound_length(),
                c.tunnel_quantity(),
                reseed,
                c.network_id(),
                c.server_enabled(),
                env.publicPort(),
                c.proxy_enabled(),
                c.proxy_port() > 0 ? c.proxy_port() : env.port(PROXY_BASE_PORT),
                env.privatePort(),
                reseedUrls,
                certs == null || certs.isBlank() ? null : Path.of(certs.strip()),
                floodfill(c.floodfill()),
                c.router_behindNat() && !routerHost.isEmpty());
    }

    /** {@code auto} (or empty): null, the router decides; {@code true} or {@code false}: always, never. */
    static Boolean floodfill(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "auto" -> null;
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("floodfill must be auto, true or false, not " + value);
        };
    }

    /** Copy with another mode and I2CP endpoint (tests, second node). */
    public I2pSettings withMode(Mode m, String host, int port) {
        return new I2pSettings(m, dataDir, host, port, exposeI2cp, routerPort, routerHost, upnp, bandwidthInKBps,
                bandwidthOutKBps, sharePercent, inboundLength, outboundLength, tunnelQuantity, reseed, networkId,
                serverEnabled, publicPort, proxyEnabled, proxyPort, privatePort, reseedUrls, reseedCertificates, floodfill,
                behindNat);
    }

    /** Directory of the embedded router (config, netDb, logs). */
    public Path routerDir() {
        return dataDir.resolve("router");
    }

    /** File with the node's destination and its private keys. */
    public Path keyFile() {
        return dataDir.resolve("destination.keys");
    }

    /** Directory of the address book in external mode (embedded mode uses the router's config dir). */
    public Path clientDir() {
        return dataDir.resolve("client");
    }
}
