package org.p2pstack.ipfs.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.p2pstack.api.ipfs.AddOptions;
import org.p2pstack.api.ipfs.DirectoryEntry;
import org.p2pstack.api.ipfs.IpfsService;
import org.p2pstack.api.ipfs.PeerInfo;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.status.FaultInjectable;
import org.p2pstack.api.status.SelfRepairing;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.status.StackStatus;
import org.p2pstack.api.status.StackStatusProvider;
import org.p2pstack.ipfs.internal.mdns.LanDiscovery;

/**
 * The IPFS stack as an OSGi service: builds an {@link IpfsNode} in {@code dataDir("ipfs")} listening on
 * {@code port(listenPort)}, and reports it to {@code /api/status} as stack {@code ipfs}.
 */
@Component(service = {IpfsService.class, StackStatusProvider.class, FaultInjectable.class, SelfRepairing.class}, configurationPid = "org.p2pstack.ipfs")
@Designate(ocd = IpfsConfig.class)
public final class IpfsComponent implements IpfsService, StackStatusProvider, FaultInjectable, SelfRepairing {

    /** Longest wait for one block from the network, whatever the configuration says: a read never hangs for good. */
    static final Duration MAX_FETCH_TIMEOUT = Duration.ofMinutes(5);

    private final IpfsNode node;
    private final InetSocketAddress listenAddress;
    // set when the listener could not be opened; the node's supervisor retries through repair()
    private volatile String listenFailure;
    private volatile boolean started;

    /** The configuration key that switches LAN discovery on or off. */
    static final String LAN_DISCOVERY_KEY = "lanDiscovery";
    /** Query interval bounds, whatever the configuration says. */
    static final Duration MIN_LAN_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_LAN_INTERVAL = Duration.ofHours(1);

    /** For tests: a configuration without an explicit {@code lanDiscovery} key. */
    public IpfsComponent(NodeEnvironment environment, IpfsConfig config) throws IOException {
        this(environment, config, Map.of());
    }

    /**
     * @param properties the raw configuration, to tell a {@code lanDiscovery} the .cfg sets from the default
     */
    @Activate
    public IpfsComponent(@Reference NodeEnvironment environment, IpfsConfig config, Map<String, Object> properties)
            throws IOException {
        Path dir = environment.dataDir("ipfs");
        // a node kept on this computer listens on loopback (or its test network address) and dials only bootstrap
        // peers there
        boolean local = environment.localNetworkOnly();
        List<String> bootstrap = bootstrapList(config.bootstrap()).stream().filter(a -> !local || isLocalNetwork(a)).toList();
        String host = local && !NodeEnvironment.isLocalNetworkAddress(config.listenHost()) ? "127.0.0.1" : config.listenHost();
        this.node = new IpfsNode(new IpfsNode.Settings(dir, host,
                environment.port(config.listenPort()),
                bootstrap, fetchTimeout(config.fetchTimeoutSeconds()),
                Duration.ofHours(Math.max(0, config.reprovideIntervalHours())),
                lanDiscovery(config, properties, local)));
        this.listenAddress = new InetSocketAddress(host, environment.port(config.listenPort()));
        try {
            node.start();
            started = true;
        } catch (IOException e) {
            listenFailure = "Cannot listen on port " + listenAddress.getPort() + ": " + e.getMessage();
        }
    }

    @Override
    public String displayName() {
        return "IPFS";
    }

    @Override
    public Optional<String> problem() {
        if (!started) {
            return Optional.of(listenFailure != null ? listenFailure : "The IPFS node has not started");
        }
        return node.host().listening() ? Optional.empty() : Optional.of("The IPFS listener stopped");
    }

    /** Reopens the listener on the same port (or starts the node when its first start failed). */
    @Override
    public void repair() throws IOException {
        try {
            if (started) {
                node.host().listen(listenAddress);
            } else {
                node.start();
                started = true;
            }
            listenFailure = null;
        } catch (IOException e) {
            listenFailure = "Cannot listen on port " + listenAddress.getPort() + ": " + e.getMessage();
            throw new IOException(listenFailure, e);
        }
    }

    @Override
    public void injectFault() {
        node.host().closeListeners();
    }

    @Override
    public String faultDescription() {
        return "closes the IPFS listener";
    }

    /**
     * LAN discovery's settings, or null when it is off. An explicit {@code lanDiscovery} in the configuration decides;
     * without one it is on, except on a node kept on this computer. Such a node, switched on explicitly, uses only
     * test network interfaces (198.18.0.0/15), so that it never multicasts on a real network.
     */
    static LanDiscovery.Settings lanDiscovery(IpfsConfig config, Map<String, ?> properties, boolean local) {
        boolean on = properties.containsKey(LAN_DISCOVERY_KEY) ? config.lanDiscovery() : !local;
        if (!on) {
            return null;
        }
        Duration interval = Duration.ofSeconds(Math.min(MAX_LAN_INTERVAL.toSeconds(),
                Math.max(MIN_LAN_INTERVAL.toSeconds(), config.lanDiscoveryIntervalSeconds())));
        return new LanDiscovery.Settings(interval,
                local ? a -> NodeEnvironment.isLocalNetworkAddress(a.getHostAddress()) && !a.isLoopbackAddress() : a -> true);
    }

    /** The configured wait for a block, at least 1 s and at most {@link #MAX_FETCH_TIMEOUT}. */
    static Duration fetchTimeout(int configuredSeconds) {
        return Duration.ofSeconds(Math.min(MAX_FETCH_TIMEOUT.toSeconds(), Math.max(1, configuredSeconds)));
    }

    /** True for a multiaddr that stays on this computer. */
    /** A multiaddr on loopback or a test network's address ({@link NodeEnvironment#isLocalNetworkAddress}). */
    static boolean isLocalNetwork(String multiaddr) {
        String[] parts = multiaddr.split("/");
        return parts.length > 2 && (parts[1].equals("ip4") || parts[1].equals("ip6") || parts[1].startsWith("dns"))
                && NodeEnvironment.isLocalNetworkAddress(parts[2]);
    }

    /**
     * The bootstrap addresses however the .cfg wrote them: one per array element, or several in one string
     * separated by commas or white space (a plain {@code key = a, b} line in a Karaf .cfg file is one string).
     */
    static List<String> bootstrapList(String[] configured) {
        List<String> out = new java.util.ArrayList<>();
        for (String s : configured) {
            for (String part : s.split("[,\\s]+")) {
                String a = part.replace("[", "").replace("]", "").replace("\"", "").trim();
                if (!a.isEmpty()) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    @Deactivate
    void deactivate() {
        node.close();
    }

    @Override
    public String stackName() {
        return "ipfs";
    }

    @Override
    public StackStatus status() {
        PeerInfo id = node.id();
        Map<String, Object> details = Map.of("peerId", id.peerId(), "listenAddresses", String.join(" ", id.addresses()),
                "peers", node.host().connections().size(), "dhtPeers", node.dht().table().size(),
                "lanDiscovery", node.lanDiscovery().isPresent() ? node.nearbyPeers().size() + " nearby" : "off");
        if (!started || !node.host().listening()) {
            return new StackStatus("ipfs", StackState.FAILED, problem().orElse("The IPFS listener stopped"), details);
        }
        int peers = node.host().connections().size();
        return new StackStatus("ipfs", StackState.RUNNING,
                peers == 0 ? "Running, no peers connected yet" : "Connected to " + peers + (peers == 1 ? " peer" : " peers"),
                details);
    }

    @Override
    public Map<String, String> identity() {
        return Map.of("ipfsPeerId", node.id().peerId());
    }

    @Override
    public PeerInfo id() {
        return node.id();
    }

    @Override
    public String add(InputStream data, AddOptions options) throws IOException {
        return node.add(data, options);
    }

    @Override
    public String add(Path file, AddOptions options) throws IOException {
        return node.add(file, options);
    }

    @Override
    public boolean isDirectory(String path) throws IOException {
        return node.isDirectory(path);
    }

    @Override
    public List<DirectoryEntry> ls(String path) throws IOException {
        return node.ls(path);
    }

    @Override
    public long size(String cid) throws IOException {
        return node.size(cid);
    }

    @Override
    public InputStream cat(String cid, long offset, long length) throws IOException {
        return node.cat(cid, offset, length);
    }

    @Override
    public byte[] getBlock(String cid, Duration timeout) throws IOException {
        return node.getBlock(cid, timeout);
    }

    @Override
    public boolean hasBlock(String cid) {
        return node.hasBlock(cid);
    }

    @Override
    public void pin(String cid) throws IOException {
        node.pin(cid);
    }

    @Override
    public void unpin(String cid) throws IOException {
        node.unpin(cid);
    }

    @Override
    public Set<String> pins() {
        return node.pins();
    }

    @Override
    public long gc() throws IOException {
        return node.gc();
    }

    @Override
    public int provide(String cid, Duration timeout) throws IOException {
        return node.provide(cid, timeout);
    }

    @Override
    public List<PeerInfo> findProviders(String cid, int max, Duration timeout) throws IOException {
        return node.findProviders(cid, max, timeout);
    }

    @Override
    public PeerInfo connect(String multiaddr, Duration timeout) throws IOException {
        return node.connect(multiaddr, timeout);
    }

    @Override
    public List<PeerInfo> peers() {
        return node.peers();
    }

    @Override
    public List<PeerInfo> nearbyPeers() {
        return node.nearbyPeers();
    }

    @Override
    public AutoCloseable answer(String protocolId, int maxRequestBytes,
            java.util.function.BiFunction<String, byte[], Optional<byte[]>> handler) {
        return node.answer(protocolId, maxRequestBytes, handler);
    }

    @Override
    public byte[] request(String peerId, String protocolId, byte[] request, int maxAnswerBytes, Duration timeout)
            throws IOException {
        return node.request(peerId, protocolId, request, maxAnswerBytes, timeout);
    }
}
