package org.p2pstack.api.node;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Provided by the core. Every bundle that stores data or opens a port asks here instead of choosing for
 * itself: a second node started with {@code P2PSTACK_PORT_OFFSET=N} then shifts every port by N, and each
 * node keeps its data in its own directory.
 */
@ProviderType
public interface NodeEnvironment {

    /** The offset added to every port this node opens (0 for the first node on a machine). */
    int portOffset();

    /** {@code basePort} shifted by {@link #portOffset()}: e.g. {@code port(4444)} for the I2P HTTP proxy. */
    default int port(int basePort) {
        return basePort + portOffset();
    }

    /** Port of the private connector (home dApp, dApps, APIs), normally 8181. */
    int privatePort();

    /** Port of the public, read-only connector, normally 8182. */
    int publicPort();

    /**
     * Port of the content origin (normally 8183): the IPFS gateway, which serves what the network hands it,
     * so it never shares an origin with the private site. Each CID is served as
     * {@code http://<cidv1>.ipfs.localhost:<gatewayPort>/}.
     */
    default int gatewayPort() {
        return privatePort() + 2;
    }

    /**
     * A random value that changes at every start and is known only inside the node. The I2P server tunnel
     * sends it in {@link org.p2pstack.api.web.WebSites#TUNNEL_HEADER}; the public site trusts {@code X-I2P-*}
     * visitor headers only on requests that carry it.
     */
    String tunnelSecret();

    /**
     * A directory owned by {@code area} (for example {@code i2p}, {@code ipfs}) under the node's data
     * directory; created on first use, readable by the owner only.
     */
    Path dataDir(String area);

    /** The node's current log file (rotated by size; older files sit beside it). */
    default Path logFile() {
        return dataDir("log").resolve("karaf.log");
    }

    /**
     * True when the node must stay on this computer: no public bootstrap peers, reseed servers or DHT
     * nodes, only peers configured on loopback or a test network's addresses ({@link #isLocalNetworkAddress}). Set with {@code P2PSTACK_LOCAL_NETWORK=true}; tests and
     * private local networks run this way. (False unless the node's environment says otherwise.)
     */
    default boolean localNetworkOnly() {
        return false;
    }

    /**
     * Whether a node with {@link #localNetworkOnly()} may use {@code host}: loopback ({@code 127.0.0.0/8},
     * {@code ::1}, {@code localhost}) or the benchmarking range {@code 198.18.0.0/15} that test networks of
     * several hosts on one computer number themselves from. Only IP literals count: other names are not resolved.
     */
    static boolean isLocalNetworkAddress(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip().toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("::1")) {
            return true;
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        int[] bytes = new int[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("[0-9]{1,3}") || (bytes[i] = Integer.parseInt(parts[i])) > 255) {
                return false;
            }
        }
        return bytes[0] == 127 || (bytes[0] == 198 && (bytes[1] == 18 || bytes[1] == 19));
    }
}
