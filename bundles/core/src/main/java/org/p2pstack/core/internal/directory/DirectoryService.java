package org.p2pstack.core.internal.directory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.swarm.SwarmMessage;
import org.p2pstack.api.swarm.SwarmPeer;
import org.p2pstack.api.swarm.SwarmService;
import org.p2pstack.core.internal.content.AtomicFiles;
import org.p2pstack.core.internal.events.EventHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory of people this node has heard of, kept up to date by gossip on the well-known Hyperswarm
 * topic {@link #TOPIC}: on every new connection the two nodes swap digests and fetch what they miss, our own
 * record is pushed whenever it changes, and every few minutes digests go round again. The directory is
 * saved to {@code directory/records.json} (and verified again when read back).
 */
@Component(service = DirectoryService.class, immediate = true)
public final class DirectoryService {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryService.class);
    /** SHA-256 of "p2pstack-directory-v1": every p2pstack node meets the others here. */
    public static final byte[] TOPIC = sha256("p2pstack-directory-v1");
    static final long ROUND_SECONDS = 120;
    static final long SAVE_DELAY_SECONDS = 2;
    /** Swarm messages waiting to be handled; past this they are dropped (peers send again in the next round). */
    static final int QUEUE = 1024;

    private final SwarmService swarm;
    private final EventHub events;
    private final Path file;
    private final Clock clock;
    private final DirectoryGossip gossip = new DirectoryGossip(new DirectoryMerge());
    private final ThreadPoolExecutor worker;
    private final ScheduledExecutorService timer;
    private final List<AutoCloseable> handles = new ArrayList<>();
    private volatile AutoCloseable ownRecordHandle;
    private volatile boolean savePending;

    @Activate
    public DirectoryService(@Reference NodeEnvironment environment, @Reference SwarmService swarm, @Reference EventHub events) {
        this(environment.dataDir("directory").resolve("records.json"), swarm, events, Clock.systemUTC());
    }

    /** For tests: a directory kept in {@code file}. */
    public DirectoryService(Path file, SwarmService swarm, EventHub events, Clock clock) {
        this.swarm = swarm;
        this.events = events;
        this.file = file;
        this.clock = clock;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> daemon(r, "directory-gossip"), new ThreadPoolExecutor.DiscardPolicy());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "directory-timer"));
        worker.execute(this::load);
        handles.add(swarm.onMessage(this::onMessage));
        handles.add(swarm.onConnection(this::onConnection));
        swarm.join(TOPIC, true, true).whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("could not join the directory topic: {}", e.getMessage());
            } else {
                LOG.info("directory gossip joined its topic");
            }
        });
        timer.scheduleWithFixedDelay(() -> worker.execute(this::round), ROUND_SECONDS, ROUND_SECONDS, TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** This node's own record, from the friends' side of the node (optional: absent until it exists). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOwnProfileRecord(OwnProfileRecord own) {
        closeQuietly(ownRecordHandle);
        ownRecordHandle = own.onChange(record -> worker.execute(() -> publish(record)));
        own.current().ifPresent(record -> worker.execute(() -> publish(record)));
    }

    void unbindOwnProfileRecord(OwnProfileRecord own) {
        closeQuietly(ownRecordHandle);
        ownRecordHandle = null;
    }

    // ------------------------------------------------------------------ queries (any thread)

    /** People whose nickname contains {@code query}; every known person for an empty query. */
    public List<ProfileRecord> search(String query) {
        return call(() -> gossip.directory().search(query));
    }

    public Optional<ProfileRecord> find(String b32) {
        return call(() -> gossip.directory().find(b32));
    }

    /** The person whose record names {@code swarmKey} (hex), if known. */
    public Optional<ProfileRecord> bySwarmKey(String swarmKey) {
        if (swarmKey == null || swarmKey.isEmpty()) {
            return Optional.empty();
        }
        return call(() -> gossip.directory().all().stream().filter(r -> swarmKey.equalsIgnoreCase(r.swarmKey()))
                .max(java.util.Comparator.comparingLong(ProfileRecord::time)));
    }

    public int size() {
        return call(() -> gossip.directory().size());
    }

    private <T> T call(java.util.concurrent.Callable<T> query) {
        synchronized (gossip) {
            try {
                return query.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ------------------------------------------------------------------ gossip (worker thread)

    private void onMessage(SwarmMessage message) {
        if (DirectoryGossip.isGossip(message.data())) {
            worker.execute(() -> {
                DirectoryGossip.Result result;
                synchronized (gossip) {
                    result = gossip.received(message.peerKey(), message.data(), clock.instant());
                }
                if (result.dropped() != null) {
                    LOG.debug("directory message from {}: {}", message.peerKey(), result.dropped());
                }
                apply(result);
            });
        }
    }

    private void onConnection(SwarmPeer peer) {
        worker.execute(() -> {
            List<DirectoryGossip.Outgoing> digest;
            synchronized (gossip) {
                digest = gossip.digest(peer.publicKey());
            }
            digest.forEach(this::send);
        });
    }

    void publish(ProfileRecord own) {
        DirectoryGossip.Result result;
        synchronized (gossip) {
            result = gossip.publish(own);
        }
        apply(result);
    }

    private void round() {
        for (SwarmPeer peer : swarm.peers()) {
            List<DirectoryGossip.Outgoing> digest;
            synchronized (gossip) {
                digest = gossip.digest(peer.publicKey());
            }
            digest.forEach(this::send);
        }
    }

    private void apply(DirectoryGossip.Result result) {
        result.outgoing().forEach(this::send);
        if (!result.changed().isEmpty()) {
            scheduleSave();
            for (ProfileRecord r : result.changed()) {
                events.publish("directory", java.util.Map.of("nickname", r.nickname(), "b32", r.b32()));
            }
        }
    }

    private void send(DirectoryGossip.Outgoing out) {
        if (out.peerKey() != null) {
            sendTo(out.peerKey(), out.data());
            return;
        }
        for (SwarmPeer peer : swarm.peers()) {
            if (!peer.publicKey().equals(out.except())) {
                sendTo(peer.publicKey(), out.data());
            }
        }
    }

    private void sendTo(String peerKey, byte[] data) {
        try {
            swarm.send(peerKey, data).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.debug("directory message to {} not sent: {}", peerKey, e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("directory message to {} not sent: {}", peerKey, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ persistence

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        int kept = 0;
        int dropped = 0;
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            Instant now = clock.instant();
            synchronized (gossip) {
                for (JsonElement e : root.getAsJsonArray()) {
                    try {
                        gossip.directory().merge(ProfileRecords.verify(e.toString(), now));
                        kept++;
                    } catch (ProfileRecords.InvalidRecordException | RuntimeException bad) {
                        dropped++;
                    }
                }
            }
            LOG.info("directory: {} records read back{}", kept, dropped == 0 ? "" : ", " + dropped + " invalid dropped");
        } catch (IOException | RuntimeException e) {
            LOG.warn("directory file {} unreadable, starting empty: {}", file, e.getMessage());
        }
    }

    private void scheduleSave() {
        if (!savePending) {
            savePending = true;
            timer.schedule(() -> worker.execute(this::save), SAVE_DELAY_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void save() {
        savePending = false;
        JsonArray all = new JsonArray();
        synchronized (gossip) {
            gossip.directory().all().forEach(r -> all.add(JsonParser.parseString(r.toJson())));
        }
        try {
            AtomicFiles.write(file, all.toString().getBytes(StandardCharsets.UTF_8), file.getParent());
        } catch (IOException e) {
            LOG.warn("could not save the directory: {}", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        handles.forEach(DirectoryService::closeQuietly);
        closeQuietly(ownRecordHandle);
        timer.shutdownNow();
        if (savePending) {
            worker.execute(this::save);
        }
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        swarm.leave(TOPIC);
    }

    private static void closeQuietly(AutoCloseable handle) {
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                // nothing left to do
            }
        }
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
