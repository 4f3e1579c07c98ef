package org.p2pstack.social.internal.directory;

import org.p2pstack.api.profile.ProfileRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.p2pstack.api.directory.Directory;
import org.p2pstack.api.directory.KnownPerson;
import org.p2pstack.api.follow.FollowListener;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.swarm.SwarmMessage;
import org.p2pstack.api.swarm.SwarmPeer;
import org.p2pstack.api.swarm.SwarmService;
import org.p2pstack.util.files.AtomicFiles;
import org.p2pstack.api.events.PageEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory of people this node has heard of, kept up to date by gossip on the well-known Hyperswarm
 * topic {@link #TOPIC}: on every new connection the two nodes swap digests and fetch what they miss, our own
 * record is pushed whenever it changes (only if the user linked their networks: see {@link #publish}), and every
 * few minutes digests go round again. The people the user follows ({@link #followsChanged}) and has visited
 * ({@link #visited}) are trusted: never evicted, first in searches, their records kept here but never gossiped.
 * The directory, with when each person was first seen, is saved to {@code directory/records.json} (and verified
 * again when read back).
 */
@Component(service = { Directory.class, FollowListener.class, DirectoryService.class }, immediate = true)
public final class DirectoryService implements Directory, FollowListener {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryService.class);
    /** SHA-256 of "p2pstack-directory-v1": every p2pstack node meets the others here. */
    public static final byte[] TOPIC = sha256("p2pstack-directory-v1");
    static final long ROUND_SECONDS = 120;
    static final long SAVE_DELAY_SECONDS = 2;
    /** Swarm messages waiting to be handled; past this they are dropped (peers send again in the next round). */
    static final int QUEUE = 1024;
    /** Visited people remembered as trusted; the least recently visited are forgotten. */
    static final int MAX_VISITED = 1000;
    /** Version of the directory file written; version 1 was a plain array of records. */
    static final int FILE_VERSION = 2;

    private final SwarmService swarm;
    private final PageEvents events;
    private final Path file;
    private final Clock clock;
    private final DirectoryGossip gossip = new DirectoryGossip(new DirectoryMerge());
    private final ThreadPoolExecutor worker;
    private final ScheduledExecutorService timer;
    private final List<AutoCloseable> handles = new ArrayList<>();
    private volatile AutoCloseable ownRecordHandle;
    /** The follow list as last told; empty until the follow service tells it. */
    private volatile List<ProfileRecord> following = List.of();
    private volatile boolean savePending;
    // trust, guarded by the gossip lock like the directory
    private Set<String> followed = Set.of();
    private final LinkedHashSet<String> visited = new LinkedHashSet<>();
    private String ownB32;

    @Activate
    public DirectoryService(@Reference NodeEnvironment environment, @Reference SwarmService swarm, @Reference PageEvents events) {
        this(environment.dataDir("directory").resolve("records.json"), swarm, events, Clock.systemUTC());
    }

    /** For tests: a directory kept in {@code file}. */
    public DirectoryService(Path file, SwarmService swarm, PageEvents events, Clock clock) {
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

    /**
     * The follow list, from the follow service (the directory works without it, trusting nobody but visits): the
     * people followed are trusted, and their records kept here but never gossiped.
     */
    @Override
    public void followsChanged(List<ProfileRecord> followed) {
        following = List.copyOf(followed);
        worker.execute(this::syncFollows);
    }

    /**
     * Someone the user visited (their record fetched over I2P from their own b32 and verified): trusted from now
     * on, and kept here, but not gossiped (that would tell peers whom we visit).
     */
    @Override
    public void visited(ProfileRecord record) {
        worker.execute(() -> {
            DirectoryGossip.Result result;
            synchronized (gossip) {
                visited.remove(record.b32());
                visited.add(record.b32());
                if (visited.size() > MAX_VISITED) {
                    visited.remove(visited.iterator().next());
                }
                updateTrust();
                result = gossip.learnt(record, clock.instant());
            }
            apply(result);
            scheduleSave();
        });
    }

    /**
     * A record a node on the local network handed over itself ({@link NearbyPeople}): kept like one heard in gossip,
     * neither trusted nor exempt from the directory's allowances.
     */
    public void learntNearby(ProfileRecord record) {
        worker.execute(() -> {
            DirectoryGossip.Result result;
            synchronized (gossip) {
                result = gossip.learnt(record, clock.instant());
            }
            apply(result);
        });
    }

    /** The person whose record names the IPFS peer id {@code peerId}, if known. */
    public Optional<ProfileRecord> byIpfsPeerId(String peerId) {
        if (peerId == null || peerId.isEmpty()) {
            return Optional.empty();
        }
        return call(() -> gossip.directory().byIpfsPeerId(peerId));
    }

    private void syncFollows() {
        List<ProfileRecord> records = following;
        List<DirectoryGossip.Result> results = new ArrayList<>();
        synchronized (gossip) {
            followed = records.stream().map(ProfileRecord::b32).collect(java.util.stream.Collectors.toUnmodifiableSet());
            updateTrust();
            Instant now = clock.instant();
            for (ProfileRecord r : records) {
                results.add(gossip.learnt(r, now));
            }
        }
        results.forEach(this::apply);
    }

    /** Caller holds the gossip lock. */
    private void updateTrust() {
        Set<String> all = new java.util.HashSet<>(followed);
        all.addAll(visited);
        if (ownB32 != null) {
            all.add(ownB32);
        }
        gossip.directory().trust(all);
    }

    // ------------------------------------------------------------------ queries (any thread)

    /** People whose nickname contains {@code query}; every known person for an empty query. */
    @Override
    public List<ProfileRecord> search(String query) {
        return searchRanked(query).stream().map(KnownPerson::record).toList();
    }

    /** {@link #search} with what this node knows of each: followed, visited, since when known (the ranking's reasons). */
    @Override
    public List<KnownPerson> searchRanked(String query) {
        return call(() -> gossip.directory().searchRanked(query).stream()
                .map(k -> new KnownPerson(k.record(), k.firstSeen(), followed.contains(k.record().b32()),
                        visited.contains(k.record().b32()), k.record().b32().equals(ownB32)))
                .toList());
    }

    @Override
    public Optional<ProfileRecord> find(String b32) {
        return call(() -> gossip.directory().find(b32));
    }

    /** The person whose record names {@code swarmKey} (hex), if known. */
    @Override
    public Optional<ProfileRecord> bySwarmKey(String swarmKey) {
        if (swarmKey == null || swarmKey.isEmpty()) {
            return Optional.empty();
        }
        return call(() -> gossip.directory().bySwarmKey(swarmKey));
    }

    @Override
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

    /**
     * Our own record. Gossip runs over direct connections, so every peer sees our IP address; the node that first
     * sends a new record is, to anyone connected to many nodes, almost surely its owner. So our record leaves
     * from here only when it names our own swarm key, which it does only when the user chose to link their
     * networks ({@code linkNetworks}): then sending it from that key tells nothing the record does not say.
     */
    void publish(ProfileRecord own) {
        String ourKey = swarm.publicKey();
        boolean share = own.swarmKey() != null && !own.swarmKey().isEmpty() && own.swarmKey().equalsIgnoreCase(ourKey);
        DirectoryGossip.Result result;
        synchronized (gossip) {
            ownB32 = own.b32();
            updateTrust();
            result = gossip.publish(own, share, clock.instant());
        }
        apply(result);
    }

    /** Forgets the strangers nobody mentioned for {@link DirectoryMerge#FORGET_AFTER}; returns how many. */
    int forgetSilent() {
        synchronized (gossip) {
            int forgotten = gossip.directory().forgetSilent(clock.instant());
            if (forgotten > 0) {
                LOG.info("directory: {} people nobody mentioned for {} days forgotten", forgotten,
                        DirectoryMerge.FORGET_AFTER.toDays());
                scheduleSave();
            }
            return forgotten;
        }
    }

    private void round() {
        forgetSilent();
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

    /**
     * Reads the directory file back: {@code {"version":2,"savedAt","records":[{"record", "firstSeen", "lastHeard",
     * "shared"}],"visited":[b32...]}}, or version 1's plain array of records (all first seen now). Every record is
     * verified again.
     */
    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        int kept = 0;
        int dropped = 0;
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            Instant now = clock.instant();
            JsonArray entries = root.isJsonArray() ? root.getAsJsonArray() : root.getAsJsonObject().getAsJsonArray("records");
            // time this node was off does not count as silence: nobody could mention anyone to it
            long off = root.isJsonObject() && root.getAsJsonObject().has("savedAt")
                    ? Math.max(0, now.toEpochMilli() - root.getAsJsonObject().get("savedAt").getAsLong()) : 0;
            synchronized (gossip) {
                for (JsonElement e : entries) {
                    try {
                        JsonObject o = e.getAsJsonObject();
                        boolean v1 = !o.has("record");
                        ProfileRecord record = ProfileRecords.verify((v1 ? o : o.getAsJsonObject("record")).toString(), now);
                        long firstSeen = v1 ? now.toEpochMilli() : o.get("firstSeen").getAsLong();
                        long lastHeard = v1 ? now.toEpochMilli() : o.get("lastHeard").getAsLong() + off;
                        boolean shared = v1 || o.get("shared").getAsBoolean();
                        if (gossip.directory().restore(new DirectoryMerge.Saved(record, firstSeen, lastHeard, shared))) {
                            kept++;
                        }
                    } catch (ProfileRecords.InvalidRecordException | RuntimeException bad) {
                        dropped++;
                    }
                }
                if (root.isJsonObject() && root.getAsJsonObject().has("visited")) {
                    for (JsonElement b32 : root.getAsJsonObject().getAsJsonArray("visited")) {
                        if (b32.isJsonPrimitive() && visited.size() < MAX_VISITED) {
                            visited.add(b32.getAsString());
                        }
                    }
                }
                updateTrust();
            }
            LOG.info("directory: {} records read back{}", kept, dropped == 0 ? "" : ", " + dropped + " invalid dropped");
        } catch (IOException | RuntimeException e) {
            LOG.warn("directory file {} unreadable, starting empty: {}", file, e.getMessage());
        }
    }

    /** Worker thread. */
    private void scheduleSave() {
        if (!savePending) {
            savePending = true;
            try {
                timer.schedule(() -> worker.execute(this::save), SAVE_DELAY_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                save(); // deactivated while this change was queued: save it now
            }
        }
    }

    private void save() {
        savePending = false;
        JsonObject root = new JsonObject();
        root.addProperty("version", FILE_VERSION);
        root.addProperty("savedAt", clock.millis());
        JsonArray records = new JsonArray();
        JsonArray visitedList = new JsonArray();
        synchronized (gossip) {
            for (DirectoryMerge.Saved saved : gossip.directory().saved()) {
                JsonObject o = new JsonObject();
                o.add("record", JsonParser.parseString(ProfileRecords.toJson(saved.record())));
                o.addProperty("firstSeen", saved.firstSeen());
                o.addProperty("lastHeard", saved.lastHeard());
                o.addProperty("shared", saved.shared());
                records.add(o);
            }
            visited.forEach(visitedList::add);
        }
        root.add("records", records);
        root.add("visited", visitedList);
        try {
            AtomicFiles.write(file, root.toString().getBytes(StandardCharsets.UTF_8), file.getParent());
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
