package org.p2pstack.swarm.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.status.FaultInjectable;
import org.p2pstack.api.status.SelfRepairing;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.status.StackStatus;
import org.p2pstack.api.status.StackStatusProvider;
import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.api.swarm.HypercoreService;
import org.p2pstack.api.swarm.SwarmMessage;
import org.p2pstack.api.swarm.SwarmPeer;
import org.p2pstack.api.swarm.SwarmService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The swarm stack as an OSGi service: a {@link SwarmBridge} in {@code dataDir("swarm")} with the settings of
 * {@code etc/org.p2pstack.swarm.cfg}, started off the SCR thread (the first context takes seconds), and
 * reported to {@code /api/status} as stack {@code swarm}. When the engine breaks (its loop thread dies or
 * stops answering) the node's supervisor calls {@link #repair()}, which restarts the bridge.
 */
@Component(service = {SwarmService.class, HypercoreService.class, StackStatusProvider.class, SelfRepairing.class,
        FaultInjectable.class}, configurationPid = "org.p2pstack.swarm", immediate = true)
@Designate(ocd = SwarmConfig.class)
public final class SwarmComponent implements SwarmService, HypercoreService, StackStatusProvider, SelfRepairing, FaultInjectable {

    private static final Logger LOG = LoggerFactory.getLogger(SwarmComponent.class);
    static final String STACK = "swarm";
    /** Status details that swarm:bootstrap prints: the list in use, its source, what was left out and why. */
    public static final String DETAIL_BOOTSTRAP = "bootstrap";
    public static final String DETAIL_BOOTSTRAP_FROM = "bootstrapFrom";
    public static final String DETAIL_BOOTSTRAP_DROPPED = "bootstrapDropped";

    private final SwarmConfig config;
    private final Path dataDir;
    private final int port;
    private final boolean localNetworkOnly;
    private final boolean disabled;
    private final SwarmBridge bridge;
    private final Thread starter;
    private volatile String failure;
    private volatile BootstrapList bootstrap;
    private volatile boolean stopping;

    @Activate
    public SwarmComponent(@Reference NodeEnvironment environment, SwarmConfig config) {
        this.config = config;
        this.dataDir = environment.dataDir(STACK);
        this.port = environment.port(config.port());
        this.localNetworkOnly = environment.localNetworkOnly();
        this.bridge = new SwarmBridge(dataDir, this::settings);
        this.starter = new Thread(this::start, "swarm-start");
        starter.setDaemon(true);
        this.disabled = !config.enabled();
        if (disabled) {
            failure = "Turned off in etc/org.p2pstack.swarm.cfg";
        } else {
            starter.start();
        }
    }

    private void start() {
        try {
            bridge.start();
        } catch (Throwable t) {
            failure = "Could not start: " + t.getMessage();
            LOG.error("swarm stack failed to start", t);
        }
    }

    /** What each start of the bridge gets: this node's key, the bootstrap list chosen now, the DHT socket. */
    private SwarmBridge.Settings settings() throws IOException {
        String seed = seed();
        // P2PSTACK_SWARM_BOOTSTRAP (bin/setenv passes it as this property) overrides the configuration for one run;
        // a node kept on this computer keeps only the loopback entries, so it never contacts the public DHT
        BootstrapList chosen = BootstrapList.choose(System.getProperty("p2pstack.swarm.bootstrap", ""), config.bootstrap(),
                localNetworkOnly, config.localBootstrap());
        bootstrap = chosen;
        if (!chosen.dropped().isEmpty()) {
            LOG.info("swarm bootstrap: left out {}", String.join(", ", chosen.dropped()));
        }
        LOG.info("swarm bootstrap from {}: {}", chosen.source(), chosen.nodes().isEmpty() ? "none" : String.join(",", chosen.nodes()));
        // a node kept on this computer binds loopback, or its own address on a test network of several hosts
        String host = localNetworkOnly && !NodeEnvironment.isLocalNetworkAddress(config.host()) ? "127.0.0.1" : config.host();
        return new SwarmBridge.Settings(seed, chosen, port, host, config.firewalled(),
                config.localBootstrap(), config.announceCores());
    }

    /** The swarm key pair's seed: 32 random bytes made once, kept in the data dir, owner-only. */
    private String seed() throws IOException {
        Path file = dataDir.resolve("swarm-key.seed");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        String hex = HexFormat.of().formatHex(seed);
        Path tmp = dataDir.resolve("swarm-key.seed.tmp");
        Files.writeString(tmp, hex, StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return hex;
    }

    @Deactivate
    void stop() {
        stopping = true;
        bridge.stopStarting();
        // never hold the SCR thread for long: the first context can still be evaluating the bundle, and
        // closing a busy engine waits for it; the closing runs on its own thread, bounded in time
        Thread closer = new Thread(this::close, "swarm-stop");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.warn("the swarm stack did not stop within 15 s; leaving it to the JVM");
        }
    }

    private void close() {
        try {
            starter.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bridge.close();
    }

    // ---------------------------------------------------------------- status

    @Override
    public String stackName() {
        return STACK;
    }

    @Override
    public StackStatus status() {
        if (disabled) {
            return new StackStatus(STACK, StackState.FAILED, failure, Map.of());
        }
        Optional<String> problem = problem();
        if (problem.isPresent()) {
            // the node's supervisor repairs it and says so in the status
            return new StackStatus(STACK, StackState.FAILED, problem.get(), Map.of("publicKey", bridge.publicKey()));
        }
        if (bridge.starting()) {
            return new StackStatus(STACK, StackState.STARTING, "Starting the JavaScript engine and the DHT…", Map.of());
        }
        SwarmBridge.Snapshot s = bridge.snapshot();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("publicKey", bridge.publicKey());
        details.put("jit", bridge.jit());
        BootstrapList b = bootstrap;
        if (b != null) {
            details.put(DETAIL_BOOTSTRAP, b.nodes().isEmpty() ? "none" : String.join(",", b.nodes()));
            details.put(DETAIL_BOOTSTRAP_FROM, b.source());
            if (!b.dropped().isEmpty()) {
                details.put(DETAIL_BOOTSTRAP_DROPPED, String.join(", ", b.dropped()));
            }
        }
        if (s == null) {
            return new StackStatus(STACK, StackState.RUNNING, "Running (busy)", details);
        }
        details.put("peers", s.peers());
        details.put("topics", s.topics().size());
        details.put("dhtNodes", s.dhtNodes());
        details.put("dhtPort", s.port());
        details.put("cores", s.cores());
        String message = s.dhtNodes() == 0 ? "Looking for DHT peers…"
                : s.peers() + (s.peers() == 1 ? " peer" : " peers") + ", " + s.dhtNodes() + " DHT nodes known";
        return new StackStatus(STACK, StackState.RUNNING, message, details);
    }

    @Override
    public Map<String, String> identity() {
        String key = bridge.publicKey();
        return key.isEmpty() ? Map.of() : Map.of("swarmKey", key);
    }

    // ---------------------------------------------------------------- supervision

    @Override
    public String displayName() {
        return "Hyperswarm";
    }

    /** A start that failed, or what the bridge finds wrong with its engine (dead or not answering). */
    @Override
    public Optional<String> problem() {
        if (disabled || stopping) {
            return Optional.empty();
        }
        if (failure != null) {
            return Optional.of(failure);
        }
        return bridge.problem();
    }

    /** A fresh engine and runtime with the same key, the same topics and the same cores. */
    @Override
    public synchronized void repair() throws Exception {
        if (stopping || disabled) {
            return;
        }
        failure = null;
        try {
            bridge.restart();
        } catch (Exception | LinkageError e) {
            failure = "Could not restart the JavaScript engine: " + e.getMessage();
            throw new Exception(failure, e);
        }
    }

    @Override
    public void injectFault() {
        bridge.injectFault();
    }

    @Override
    public String faultDescription() {
        return "kills the JavaScript engine's event loop, as an internal engine error would";
    }

    // ---------------------------------------------------------------- SwarmService, HypercoreService: the bridge's

    @Override
    public String publicKey() {
        return bridge.publicKey();
    }

    @Override
    public CompletionStage<Void> join(byte[] topic, boolean server, boolean client) {
        return bridge.join(topic, server, client);
    }

    @Override
    public CompletionStage<Void> leave(byte[] topic) {
        return bridge.leave(topic);
    }

    @Override
    public List<String> topics() {
        return bridge.topics();
    }

    @Override
    public List<SwarmPeer> peers() {
        return bridge.peers();
    }

    @Override
    public CompletionStage<Void> send(String peerKey, byte[] message) {
        return bridge.send(peerKey, message);
    }

    @Override
    public int dhtPort() {
        return bridge.dhtPort();
    }

    @Override
    public CompletionStage<Void> meet(String peerKey, String host, int port) {
        if (!meetable(host, localNetworkOnly)) {
            // a dApp with the swarm permission calls this too: it must not aim the node's packets at the internet
            return java.util.concurrent.CompletableFuture.failedStage(
                    new IllegalArgumentException("a peer is met only on the local network, not at " + host));
        }
        return bridge.meet(peerKey, host, port);
    }

    /**
     * Whether a peer may be met at {@code host}: an IP literal (never a name) of a private network (10/8, 172.16/12,
     * 192.168/16, link-local, IPv6 unique-local), where neighbours are; on a node kept on this computer only loopback and
     * the test networks.
     */
    static boolean meetable(String host, boolean localNetworkOnly) {
        if (!SwarmBridge.isIpLiteral(host)) {
            return false; // not a literal: a name is never looked up
        }
        java.net.InetAddress address;
        try {
            address = java.net.InetAddress.getByName(host); // a literal: parsed, not resolved
        } catch (java.net.UnknownHostException e) {
            return false;
        }
        if (localNetworkOnly) {
            return NodeEnvironment.isLocalNetworkAddress(host);
        }
        boolean uniqueLocal = address instanceof java.net.Inet6Address && (address.getAddress()[0] & 0xFE) == 0xFC;
        return address.isSiteLocalAddress() || address.isLinkLocalAddress() || uniqueLocal;
    }

    @Override
    public void forgetMeeting(String peerKey) {
        bridge.forgetMeeting(peerKey);
    }

    @Override
    public AutoCloseable onMessage(Consumer<SwarmMessage> listener) {
        return bridge.onMessage(listener);
    }

    @Override
    public AutoCloseable onConnection(Consumer<SwarmPeer> listener) {
        return bridge.onConnection(listener);
    }

    @Override
    public AutoCloseable onAppend(Consumer<HypercoreInfo> listener) {
        return bridge.onAppend(listener);
    }

    @Override
    public CompletionStage<HypercoreInfo> open(String name) {
        return bridge.open(name);
    }

    @Override
    public CompletionStage<HypercoreInfo> openRemote(String key) {
        return bridge.openRemote(key);
    }

    @Override
    public CompletionStage<Long> append(String key, byte[] block) {
        return bridge.append(key, block);
    }

    @Override
    public CompletionStage<byte[]> get(String key, long index) {
        return bridge.get(key, index);
    }

    @Override
    public List<HypercoreInfo> cores() {
        return bridge.cores();
    }
}
