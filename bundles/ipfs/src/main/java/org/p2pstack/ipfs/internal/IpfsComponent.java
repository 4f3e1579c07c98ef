package org.p2pstack.ipfs.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.LocalTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.p2pstack.api.status.Backoff;
import org.p2pstack.api.status.FaultInjectable;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.status.StackStatus;
import org.p2pstack.api.status.StackStatusProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPFS stack as an OSGi service: builds an {@link IpfsNode} in {@code dataDir("ipfs")} listening on
 * {@code port(listenPort)}, and reports it to {@code /api/status} as stack {@code ipfs}.
 */
@Component(service = {IpfsService.class, StackStatusProvider.class, FaultInjectable.class}, configurationPid = "org.p2pstack.ipfs")
@Designate(ocd = IpfsConfig.class)
public final class IpfsComponent implements IpfsService, StackStatusProvider, FaultInjectable {

    private static final Logger LOG = LoggerFactory.getLogger(IpfsComponent.class);

    private final IpfsNode node;
    private final InetSocketAddress listenAddress;
    private final Backoff backoff = Backoff.DEFAULT;
    // the one thread that notices a dead listener and reopens it, with back-off
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "p2pstack-ipfs-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String failure;
    private volatile String lastRecovery = "";
    private volatile boolean started;
    private int attempts;
    private Instant retryAt = Instant.EPOCH;

    @Activate
    public IpfsComponent(@Reference NodeEnvironment environment, IpfsConfig config) throws IOException {
        Path dir = environment.dataDir("ipfs");
        // a node kept on this computer listens on loopback and dials only loopback bootstrap peers
        boolean local = environment.localNetworkOnly();
        List<String> bootstrap = bootstrapList(config.bootstrap()).stream().filter(a -> !local || isLoopback(a)).toList();
        this.node = new IpfsNode(new IpfsNode.Settings(dir, local ? "127.0.0.1" : config.listenHost(),
                environment.port(config.listenPort()),
                bootstrap, Duration.ofSeconds(Math.max(1, config.fetchTimeoutSeconds())),
                Duration.ofHours(Math.max(0, config.reprovideIntervalHours()))));
        this.listenAddress = new InetSocketAddress(local ? "127.0.0.1" : config.listenHost(), environment.port(config.listenPort()));
        try {
            node.start();
            started = true;
        } catch (IOException e) {
            failure = "Cannot listen on port " + listenAddress.getPort() + ": " + e.getMessage();
            retryAt = Instant.now().plus(backoff.delay(1));
        }
        supervisor.scheduleWithFixedDelay(this::supervise, 1, 1, TimeUnit.SECONDS);
    }

    /** Reopens the listener when it has closed, waiting longer after each failed try. */
    private void supervise() {
        try {
            if (started && node.host().listening()) {
                return;
            }
            Instant now = Instant.now();
            if (failure == null) {
                failure = "The IPFS listener stopped";
                attempts = 0;
                retryAt = now.plus(backoff.delay(1));
                return;
            }
            if (now.isBefore(retryAt)) {
                return;
            }
            attempts++;
            try {
                if (started) {
                    node.host().listen(listenAddress);
                } else {
                    node.start();
                    started = true;
                }
                lastRecovery = "Recovered at " + LocalTime.now().withNano(0) + " after: " + failure;
                LOG.info("IPFS is listening again on port {} ({})", listenAddress.getPort(), lastRecovery);
                failure = null;
                attempts = 0;
            } catch (IOException e) {
                failure = "Cannot listen on port " + listenAddress.getPort() + ": " + e.getMessage();
                retryAt = now.plus(backoff.delay(attempts + 1));
            }
        } catch (RuntimeException e) {
            LOG.warn("IPFS supervision failed", e);
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

    /** True for a multiaddr that stays on this computer. */
    static boolean isLoopback(String multiaddr) {
        return multiaddr.startsWith("/ip4/127.") || multiaddr.startsWith("/ip6/::1/") || multiaddr.startsWith("/dns4/localhost/")
                || multiaddr.startsWith("/dns6/localhost/") || multiaddr.startsWith("/dns/localhost/");
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
        supervisor.shutdownNow();
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
                "peers", node.host().connections().size(), "dhtPeers", node.dht().table().size());
        String problem = failure;
        if (problem != null) {
            long wait = Math.max(0, Duration.between(Instant.now(), retryAt).toSeconds());
            return new StackStatus("ipfs", StackState.FAILED,
                    problem + ". IPFS is reconnecting" + (wait > 0 ? " (next try in " + wait + " s)…" : "…"), details);
        }
        if (!lastRecovery.isEmpty()) {
            details = new java.util.LinkedHashMap<>(details);
            details.put("lastRecovery", lastRecovery);
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
}
