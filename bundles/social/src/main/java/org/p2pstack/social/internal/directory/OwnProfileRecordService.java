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
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.p2pstack.api.i2p.I2pDestination;
import org.p2pstack.api.i2p.I2pException;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.api.ipfs.IpfsService;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.profile.Profile;
import org.p2pstack.api.profile.ProfileListener;
import org.p2pstack.api.profile.ProfileService;
import org.p2pstack.api.swarm.SwarmService;
import org.p2pstack.util.files.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's signed profile record. Whenever what the record says changes (nickname, picture, the I2P
 * destination, the swarm key or IPFS peer id as those stacks come and go or as the user links or unlinks them),
 * it is signed again by the I2P destination with {@code seq + 1}. The swarm key and IPFS peer id are in the record
 * only when the user chose {@link Profile#linkNetworks()}: both are announced on public DHTs with the node's IP
 * address, so naming them beside the b32 would give every I2P visitor the owner's IP address. The last record is kept in {@code data/p2pstack/directory/own-record.json},
 * so {@code seq} only grows, across restarts too.
 */
@Component(service = OwnProfileRecord.class)
public final class OwnProfileRecordService implements OwnProfileRecord, ProfileListener {

    private static final Logger LOG = LoggerFactory.getLogger(OwnProfileRecordService.class);
    /** How often to look again while the I2P destination is not there yet. */
    static final long RETRY_SECONDS = 3;

    private final ProfileService profiles;
    private final I2pService i2p;
    private final Path file;
    private final Clock clock;
    private final List<Consumer<ProfileRecord>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService retry;
    private volatile SwarmService swarm;
    private volatile IpfsService ipfs;
    private ProfileRecord current;
    private ServiceRegistration<ProfileListener> listenerRegistration;
    private long lastSeq;
    private long hashedRevision = -1;
    private String hashedAvatar = "";

    @Activate
    public OwnProfileRecordService(BundleContext context, @Reference NodeEnvironment environment,
            @Reference ProfileService profiles, @Reference I2pService i2p) {
        this(environment.dataDir("directory").resolve("own-record.json"), profiles, i2p, Clock.systemUTC(), true);
        // registered by hand once active: as a DS-provided listener it would be a reference cycle with ProfileService
        listenerRegistration = context.registerService(ProfileListener.class, this, null);
    }

    OwnProfileRecordService(Path file, ProfileService profiles, I2pService i2p, Clock clock, boolean retrying) {
        this.file = file;
        this.profiles = profiles;
        this.i2p = i2p;
        this.clock = clock;
        load();
        if (retrying) {
            retry = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "p2pstack-own-record");
                t.setDaemon(true);
                return t;
            });
            // the destination appears shortly after start; keys are loaded before the router is up
            retry.scheduleWithFixedDelay(this::refreshQuietly, 0, RETRY_SECONDS, TimeUnit.SECONDS);
        } else {
            retry = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (listenerRegistration != null) {
            listenerRegistration.unregister();
        }
        if (retry != null) {
            retry.shutdownNow();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindSwarm(SwarmService service) {
        swarm = service;
    }

    void unbindSwarm(SwarmService service) {
        if (swarm == service) {
            swarm = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindIpfs(IpfsService service) {
        ipfs = service;
    }

    void unbindIpfs(IpfsService service) {
        if (ipfs == service) {
            ipfs = null;
        }
    }

    private void load() {
        lastSeq = Math.max(lastSeq, seqFloor());
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            // our own record, but read like anyone's: a damaged file must not be served
            current = ProfileRecords.verify(Files.readString(file, StandardCharsets.UTF_8), Instant.ofEpochMilli(Long.MAX_VALUE / 2));
            lastSeq = Math.max(lastSeq, current.seq());
        } catch (IOException | ProfileRecords.InvalidRecordException e) {
            LOG.warn("The saved profile record {} cannot be used ({}); a new one will be signed", file, e.getMessage());
            lastSeq = Math.max(lastSeq, seqFromDamagedFile());
        }
    }

    /**
     * The lowest sequence a restored identity may sign next ({@code own-record-seq-floor}, written by a restore): the
     * computer the backup came from may have signed newer records since, and friends take only a higher sequence.
     */
    private long seqFloor() {
        Path floor = file.resolveSibling("own-record-seq-floor");
        try {
            return Files.isRegularFile(floor) ? Math.max(0, Long.parseLong(Files.readString(floor).strip())) : 0;
        } catch (IOException | NumberFormatException e) {
            LOG.warn("{} cannot be read ({}); ignored", floor, e.toString());
            return 0;
        }
    }

    /** Even from a damaged file, never go back below the last seq that may have been published. */
    private long seqFromDamagedFile() {
        try {
            var m = java.util.regex.Pattern.compile("\"seq\"\\s*:\\s*(\\d{1,18})").matcher(Files.readString(file));
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public synchronized Optional<ProfileRecord> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public AutoCloseable onChange(Consumer<ProfileRecord> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void profileChanged(Profile profile) {
        refreshQuietly();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (I2pException e) {
            LOG.debug("Profile record not signed yet: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("The profile record could not be signed", e);
        }
    }

    /** Signs a new record when what it says has changed; returns the current one. */
    Optional<ProfileRecord> refresh() throws I2pException {
        ProfileRecord signed;
        synchronized (this) {
            Optional<Profile> profile = profiles.profile();
            Optional<I2pDestination> own = i2p.ownDestination();
            if (profile.isEmpty() || own.isEmpty()) {
                return Optional.ofNullable(current);
            }
            boolean link = profile.get().linkNetworks();
            ProfileRecord wanted = new ProfileRecord(profile.get().nickname(), avatarHash(profile.get()), own.get().b64(), own.get().b32(),
                    link ? orEmpty(() -> swarm == null ? null : swarm.publicKey()) : "",
                    link ? orEmpty(() -> ipfs == null ? null : ipfs.id().peerId()) : "", 0, 0, "");
            // (after a restore the floor is above the saved record: it is signed again, so friends take it as newest)
            if (current != null && sameContent(current, wanted) && current.seq() >= lastSeq) {
                return Optional.of(current);
            }
            long seq = Math.max(lastSeq, current == null ? 0 : current.seq()) + 1;
            long time = Math.max(clock.millis(), current == null ? 0 : current.time());
            ProfileRecord unsigned = new ProfileRecord(wanted.nickname(), wanted.avatar(), wanted.destination(), wanted.b32(),
                    wanted.swarmKey(), wanted.ipfsPeerId(), seq, time, "");
            signed = unsigned.signed(i2p.signAsDestination(ProfileRecords.signedBytes(unsigned)));
            try {
                AtomicFiles.write(file, ProfileRecords.toJson(signed).getBytes(StandardCharsets.UTF_8), file.resolveSibling("tmp"));
            } catch (IOException e) {
                // publishing a seq that was not saved could make a later record look like a replay: do not
                throw new java.io.UncheckedIOException("Cannot save the profile record in " + file, e);
            }
            current = signed;
            lastSeq = seq;
        }
        for (Consumer<ProfileRecord> listener : listeners) {
            try {
                listener.accept(signed);
            } catch (RuntimeException e) {
                LOG.warn("A profile record listener failed", e);
            }
        }
        return Optional.of(signed);
    }

    static boolean sameContent(ProfileRecord a, ProfileRecord b) {
        return a.nickname().equals(b.nickname()) && Objects.equals(a.avatar(), b.avatar())
                && a.destination().equals(b.destination()) && a.b32().equals(b.b32())
                && Objects.equals(a.swarmKey(), b.swarmKey()) && Objects.equals(a.ipfsPeerId(), b.ipfsPeerId());
    }

    /** {@code sha256:<hex>} of the profile picture, or "" without one; computed once per profile revision. */
    private String avatarHash(Profile profile) {
        if (!profile.hasAvatar()) {
            return "";
        }
        if (profile.revision() == hashedRevision) {
            return hashedAvatar;
        }
        hashedAvatar = profiles.avatar().map(a -> {
            try {
                return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(a.bytes()));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }).orElse("");
        hashedRevision = profile.revision();
        return hashedAvatar;
    }

    /** A stack's value, or "" when the stack is absent or not ready (its value joins a later record). */
    private static String orEmpty(Supplier<String> value) {
        try {
            String v = value.get();
            return v == null ? "" : v;
        } catch (RuntimeException e) {
            return "";
        }
    }
}
