package org.p2pstack.social.internal.copies;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.p2pstack.api.events.PageEvents;
import org.p2pstack.api.follow.FollowListener;
import org.p2pstack.api.follow.FollowService;
import org.p2pstack.api.follow.Friend;
import org.p2pstack.api.follow.FriendItem;
import org.p2pstack.api.i2p.I2pException;
import org.p2pstack.api.i2p.I2pHttpResponse;
import org.p2pstack.api.i2p.I2pHttpStream;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.social.internal.profile.Nicknames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

/**
 * Friends keep each other's pages up. This node keeps a copy of the pictures and videos of the people it follows,
 * newest first, up to {@code friends.copyQuotaMegabytes} (2 GiB by default, 0 keeps none), in
 * {@code data/p2pstack/copies/<sha256>}: each file is named by the SHA-256 the friend's own feed (fetched from their
 * b32 over I2P) gives for it, and is kept only once its bytes hash to that. A post the friend deleted, or a friend
 * unfollowed, takes its copy away at the next look.
 * <ul>
 * <li>The owner's page plays a friend's video from the copy (at once, and while the friend's computer is off).</li>
 * <li>Other followers of the same friend, told by the friend which followers keep copies ({@code /keepers.json},
 * shown to followers only), fetch {@code /copies/<sha256>} from this node's public site over I2P when the friend is
 * off, and check the hash against their own copy of the friend's feed before they show a byte.</li>
 * </ul>
 */
@Component(service = { FriendCopies.class, FollowListener.class }, configurationPid = "org.p2pstack.core",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
public final class FriendCopies implements FollowListener {

    private static final Logger LOG = LoggerFactory.getLogger(FriendCopies.class);
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(60);
    /** Keepers remembered per friend (from their {@code /keepers.json}). */
    static final int MAX_KEEPERS = 8;
    /** How often a friend is asked who keeps copies of their posts. */
    static final Duration ASK_KEEPERS_EVERY = Duration.ofMinutes(10);
    /** How soon a friend who named no keepers is asked again. */
    static final Duration ASK_NOBODY_AGAIN = Duration.ofSeconds(30);

    /** The copy settings in {@code etc/org.p2pstack.core.cfg}. */
    public @interface Config {
        /** Most space the copies of friends' pictures and videos take, in MiB; 0 keeps none. */
        long friends_copyQuotaMegabytes() default 2048;
    }

    private final I2pService i2p;
    private final FollowService follows;
    private final PageEvents events;
    private final Path dir;
    private final long quota;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "p2pstack-copies");
        t.setDaemon(true);
        return t;
    });
    /** Friend's b32 → the followers of theirs that keep copies, as the friend last said. */
    private final Map<String, List<String>> keepers = new LinkedHashMap<>();
    private final Set<String> fetching = new HashSet<>();
    /** Friend's b32 → when they were last asked who keeps copies. */
    private final Map<String, Long> keepersAskedAt = new LinkedHashMap<>();
    private final Clock clock = Clock.systemUTC();
    /** Keeper's b32 → the nickname the friend knows them by (from the same {@code /keepers.json}). */
    private final Map<String, String> keeperNicknames = new LinkedHashMap<>();
    /** Fingerprint → the keeper whose copy this node's copy came from (until it is dropped, or the node restarts). */
    private final Map<String, String> fromKeeper = new LinkedHashMap<>();

    /** Who a copy here came from, when it came from another follower's copy rather than from the friend. */
    public record Keeper(String b32, String nickname) {
    }

    @Activate
    public FriendCopies(@Reference NodeEnvironment environment, @Reference I2pService i2p, @Reference FollowService follows,
            @Reference PageEvents events, Config config) {
        this(environment.dataDir("copies"), i2p, follows, events, Math.max(0, config.friends_copyQuotaMegabytes()) * 1024 * 1024);
    }

    FriendCopies(Path dir, I2pService i2p, FollowService follows, PageEvents events, long quotaBytes) {
        this.dir = dir;
        this.i2p = i2p;
        this.follows = follows;
        this.events = events;
        this.quota = quotaBytes;
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
    }

    /** Whether this node keeps copies at all (its follow notices say so). */
    public boolean keeps() {
        return quota > 0;
    }

    /** The copy of the file with this fingerprint, when this node holds one. */
    public Optional<Path> copy(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            return Optional.empty();
        }
        Path file = dir.resolve(sha256);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** The other follower whose copy this node's copy of {@code sha256} came from, if it did not come from the friend. */
    public synchronized Optional<Keeper> keeperOf(String sha256) {
        String b32 = fromKeeper.get(sha256);
        if (b32 == null || copy(sha256).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Keeper(b32, keeperNicknames.getOrDefault(b32, "another follower")));
    }

    /** The followers of {@code b32} that keep copies, as {@code b32} last said. */
    public synchronized List<String> keepersOf(String b32) {
        return keepers.getOrDefault(b32, List.of());
    }

    // ---- what to keep

    @Override
    public void followsChanged(List<ProfileRecord> followed) {
        // told after every fetch that changed something, and after (un)follows: look again at what to keep
        try {
            worker.execute(this::tidyAndFetch);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // deactivated
        }
    }

    /** After a fresh fetch of a friend's page: look again (new posts to copy, deleted ones to drop). */
    public void friendFetched(String b32, boolean postsChanged) {
        try {
            worker.execute(() -> {
                if (keepersDue(b32, postsChanged)) {
                    learnKeepers(b32);
                }
                tidyAndFetch();
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // deactivated
        }
    }

    /** Drops copies no followed friend's feed names any more, then copies what fits, newest first. */
    private void tidyAndFetch() {
        List<FriendItem> wanted = follows.friendsItems().stream().filter(i -> !i.sha256().isEmpty())
                .sorted(Comparator.comparing(FriendItem::created).reversed()).toList();
        Set<String> named = new HashSet<>();
        wanted.forEach(i -> named.add(i.sha256()));
        long used = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (SHA256.matcher(name).matches() && !named.contains(name)) {
                    Files.deleteIfExists(f); // the friend deleted it, or is not followed any more
                    synchronized (this) {
                        fromKeeper.remove(name);
                    }
                } else if (name.endsWith(".part")) {
                    Files.deleteIfExists(f); // a copy cut short by a stop
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot tidy the friends' copies in {}: {}", dir, e.toString());
        }
        for (FriendItem item : wanted) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            if (used + item.size() > quota) {
                Path over = dir.resolve(item.sha256());
                try {
                    Files.deleteIfExists(over); // older posts make room for newer ones
                } catch (IOException e) {
                    LOG.debug("Cannot drop {}: {}", over, e.toString());
                }
                continue;
            }
            used += item.size();
            if (copy(item.sha256()).isEmpty() && fetchFrom("http://" + item.b32() + "/media/" + item.id(), item)) {
                copied(item);
            }
        }
    }

    /** Tells the pages, whose cards say where a friend's file plays from ("Kept on this computer", "From Bob's copy"). */
    private void copied(FriendItem item) {
        events.publish("friends", Map.of("type", "copied", "b32", item.b32()));
    }

    /** Copies one file over I2P, kept only when its bytes hash to the fingerprint; true when it is kept. */
    boolean fetchFrom(String url, FriendItem item) {
        synchronized (this) {
            if (!fetching.add(item.sha256())) {
                return false;
            }
        }
        Path part = dir.resolve(item.sha256() + ".part");
        try {
            Files.createDirectories(dir);
            try (I2pHttpStream answer = i2p.httpStream(url, null, FETCH_TIMEOUT)) {
                if (answer.status() != 200) {
                    return false;
                }
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                long written = 0;
                try (InputStream in = answer.body(); OutputStream out = new DigestOutputStream(Files.newOutputStream(part), sha)) {
                    byte[] buffer = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        written += n;
                        if (written > item.size()) {
                            LOG.warn("{} sent more than the {} bytes its feed names; not kept", url, item.size());
                            return false;
                        }
                        out.write(buffer, 0, n);
                    }
                }
                if (!HexFormat.of().formatHex(sha.digest()).equals(item.sha256())) {
                    LOG.warn("{} does not hash to the fingerprint its feed names; not kept", url);
                    return false;
                }
                Files.move(part, dir.resolve(item.sha256()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.info("Keeping a copy of {}'s {} ({} bytes)", item.nickname(), item.id(), written);
                return true;
            }
        } catch (IOException e) {
            LOG.debug("No copy of {} now: {}", url, e.toString());
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // tidied at the next look
            }
            synchronized (this) {
                fetching.remove(item.sha256());
            }
        }
    }

    /**
     * The friend's computer is off: fetches the file from a follower of theirs that keeps a copy, checked against the
     * fingerprint this node's own copy of the friend's feed names. True when it is now a copy here.
     */
    public boolean fetchFromKeepers(FriendItem item) {
        if (item == null || item.sha256().isEmpty()) {
            return false; // (a node that keeps no copies still fetches one to play; the next look drops it)
        }
        for (String keeper : keepersOf(item.b32())) {
            if (fetchFrom("http://" + keeper + "/copies/" + item.sha256(), item)) {
                LOG.info("Got {}'s {} from {}'s copy", item.nickname(), item.id(), keeper);
                synchronized (this) {
                    fromKeeper.put(item.sha256(), keeper);
                }
                copied(item);
                return true;
            }
        }
        return false;
    }

    /**
     * Whether to ask {@code b32} again who keeps copies: when their posts changed (new copies are wanted then), when
     * they named nobody last time (at most every {@link #ASK_NOBODY_AGAIN}), else every {@link #ASK_KEEPERS_EVERY}.
     * Not after every fetch: every I2P stream counts against the friend's per-peer limit (60 a minute).
     */
    private synchronized boolean keepersDue(String b32, boolean postsChanged) {
        long now = clock.millis();
        Long asked = keepersAskedAt.get(b32);
        long since = asked == null ? Long.MAX_VALUE : now - asked;
        boolean nobody = keepers.getOrDefault(b32, List.of()).isEmpty();
        if (!postsChanged && since < (nobody ? ASK_NOBODY_AGAIN : ASK_KEEPERS_EVERY).toMillis()) {
            return false;
        }
        keepersAskedAt.put(b32, now);
        keepersAskedAt.keySet().retainAll(follows.following().stream().map(Friend::b32).toList()); // bounded by who is followed
        return true;
    }

    /** Asks the friend which of their followers keep copies (they tell only their followers). */
    private void learnKeepers(String b32) {
        try {
            I2pHttpResponse answer = i2p.httpGet("http://" + b32 + "/keepers.json", 4096, FETCH_TIMEOUT);
            if (answer.status() != 200) {
                return;
            }
            JsonElement root = JsonParser.parseString(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8));
            List<String> list = new ArrayList<>();
            JsonElement k = root.isJsonObject() ? root.getAsJsonObject().get("keepers") : null;
            if (k != null && k.isJsonArray()) {
                for (JsonElement e : k.getAsJsonArray()) {
                    if (e.isJsonPrimitive() && e.getAsString().matches("[a-z2-7]{52}\\.b32\\.i2p") && list.size() < MAX_KEEPERS) {
                        list.add(e.getAsString());
                    }
                }
            }
            JsonElement n = root.isJsonObject() ? root.getAsJsonObject().get("nicknames") : null;
            Map<String, String> names = new LinkedHashMap<>();
            if (n != null && n.isJsonObject()) {
                for (String keeper : list) {
                    JsonElement name = n.getAsJsonObject().get(keeper);
                    // a friend's word for someone else's name: shown only if it is a nickname anyone could choose
                    if (name != null && name.isJsonPrimitive() && Nicknames.check(name.getAsString()) == null) {
                        names.put(keeper, name.getAsString().strip());
                    }
                }
            }
            synchronized (this) {
                keepers.put(b32, List.copyOf(list));
                keeperNicknames.putAll(names);
                // only the names of keepers some friend names now (or a copy came from) stay
                keeperNicknames.keySet().removeIf(name -> keepers.values().stream().noneMatch(l -> l.contains(name))
                        && !fromKeeper.containsValue(name));
            }
        } catch (I2pException | RuntimeException e) {
            LOG.debug("No keepers from {}: {}", b32, e.toString());
        }
    }
}
