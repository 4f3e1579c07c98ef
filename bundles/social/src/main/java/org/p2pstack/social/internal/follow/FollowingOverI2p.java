package org.p2pstack.social.internal.follow;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.p2pstack.api.follow.FollowException;
import org.p2pstack.api.follow.FollowException.Reason;
import org.p2pstack.api.follow.FollowListener;
import org.p2pstack.api.follow.FollowService;
import org.p2pstack.api.follow.Friend;
import org.p2pstack.api.follow.FriendItem;
import org.p2pstack.api.follow.FriendPage;
import org.p2pstack.api.i2p.I2pDestination;
import org.p2pstack.api.i2p.I2pException;
import org.p2pstack.api.i2p.I2pHttpResponse;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.social.internal.directory.AddressBookNames;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.api.events.PageEvents;
import org.p2pstack.social.internal.profile.HomeState;
import org.p2pstack.social.internal.copies.FriendCopies;
import org.p2pstack.social.internal.notices.NoticeBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Following friends over I2P. A visit fetches the friend's {@code /profile.json} and {@code /feed.json} from
 * their b32 through the node's own destination; following keeps their verified record, gives them a name in the
 * I2P address book (never taking one that points to someone else) and then fetches their feed every
 * {@code friends.refreshSeconds} (in {@code etc/org.p2pstack.core.cfg}). New posts go to the pages as
 * {@code friends} events. Every {@link FollowListener} (the directory, the chat) is told the follow list when it
 * comes and whenever it changes, and about every visit. The settings stay in {@code etc/org.p2pstack.core.cfg}, where
 * they were when following was part of the core.
 */
@Component(service = FollowService.class, configurationPid = "org.p2pstack.core",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class FollowingOverI2p implements FollowService {

    private static final Logger LOG = LoggerFactory.getLogger(FollowingOverI2p.class);
    /** Time one fetch over I2P may take (a friend's node far away on the real network is slow). */
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(60);
    /** A live fetch that fails for a passing reason is tried again this often, 10, 20 then 30 s later. */
    static final int LIVE_RETRIES = 3;
    static final int LIVE_RETRY_SECONDS = 10;
    /** Shortest refresh interval accepted. */
    static final int MIN_REFRESH_SECONDS = 2;

    /** The follow settings in {@code etc/org.p2pstack.core.cfg}. */
    public @interface Config {
        /** Seconds between two fetches of the friends' feeds. */
        int friends_refreshSeconds() default 300;
    }

    private final I2pService i2p;
    private final PageEvents events;
    private final Clock clock;
    private final FollowListFile store;
    private final List<FollowListFile.Entry> friends = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();
    private final List<FollowListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService worker;
    /** Fetches asked for by a friend's own notice ({@link #refreshFriend}), beside the periodic refresh, one at a time. */
    private final java.util.concurrent.ExecutorService live = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "p2pstack-friends-live");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> liveQueued = new HashSet<>();
    private volatile NoticeBox notices;
    private volatile FriendCopies copies;
    /** Feed fetches beside profile fetches; bounded, and the caller runs the fetch itself when all are busy. */
    private final java.util.concurrent.ExecutorService fetchers = new java.util.concurrent.ThreadPoolExecutor(0, 8, 30,
            TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "p2pstack-friends-fetch");
                t.setDaemon(true);
                return t;
            }, new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());

    @Activate
    public FollowingOverI2p(@Reference NodeEnvironment environment, @Reference I2pService i2p, @Reference PageEvents events,
            @Reference HomeState home, Config config) {
        this(environment.dataDir("follows"), i2p, events, Clock.systemUTC());
        // addresses saved in the first-time set-up before following existed move here, to be followed when reachable
        for (String address : home.takeFriends()) {
            try {
                String normal = HomeState.normalise(address);
                if (normal != null && find(normal) == null) {
                    followLater(normal);
                }
            } catch (FollowException e) {
                LOG.debug("Saved friend address not kept: {}", e.getMessage());
            }
        }
        long every = Math.max(MIN_REFRESH_SECONDS, config.friends_refreshSeconds());
        worker.scheduleWithFixedDelay(this::refreshQuietly, Math.min(every, 20), every, TimeUnit.SECONDS);
    }

    FollowingOverI2p(Path dir, I2pService i2p, PageEvents events, Clock clock) {
        this.i2p = i2p;
        this.events = events;
        this.clock = clock;
        this.store = new FollowListFile(dir.resolve("follows.json"));
        FollowListFile.State state = store.load();
        friends.addAll(state.friends());
        pending.addAll(state.pending());
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "p2pstack-friends");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        live.shutdownNow();
        fetchers.shutdownNow();
    }

    // --- visiting

    /** The friend's b32 for what the person typed (a b32, a URL, a name from the address book). */
    String b32Of(String address) throws FollowException {
        String host = HomeState.normalise(address);
        if (host == null) {
            // I2pAddress says what is wrong (an encrypted b33 address, a port, a web address...)
            throw new FollowException(Reason.INVALID_ADDRESS, "That does not look like a p2pstack address: "
                    + HomeState.whyNotAnAddress(address) + " Ask your friend to copy it from their home page.");
        }
        if (host.endsWith(".b32.i2p")) {
            return host;
        }
        FollowListFile.Entry byName = find(host);
        if (byName != null) {
            return byName.record.b32();
        }
        return i2p.lookup(host).map(I2pDestination::b32).orElseThrow(() -> new FollowException(Reason.INVALID_ADDRESS,
                host + " is not in your address book. Ask your friend for their address (it ends in .b32.i2p)."));
    }

    /** Fetches and checks the friend's profile and feed. */
    private Fetched fetch(String b32) throws FollowException {
        // the feed is fetched on a second stream while the profile comes: a visit takes one round trip, not two
        java.util.concurrent.Future<byte[]> feed = fetchers.submit(() -> get(b32, "/feed.json", FriendPages.MAX_FEED_BYTES, "posts"));
        try {
            byte[] profileBody = get(b32, "/profile.json", FriendPages.MAX_PROFILE_BYTES, "profile");
            FriendPages.Profile profile = FriendPages.profile(profileBody, b32, clock.instant());
            List<FriendItem> items = FriendPages.feed(feedBody(feed), b32, profile.record().nickname());
            return new Fetched(profile, items);
        } catch (FriendPages.BadPageException e) {
            throw new FollowException(Reason.BAD_PAGE, e.getMessage());
        } finally {
            feed.cancel(true);
        }
    }

    private static byte[] feedBody(java.util.concurrent.Future<byte[]> feed) throws FollowException {
        try {
            return feed.get(FETCH_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof FollowException f) {
                throw f;
            }
            throw new FollowException(Reason.UNREACHABLE, "Your friend's posts could not be fetched.", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new FollowException(Reason.UNREACHABLE, "Your friend's node did not answer in time.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FollowException(Reason.UNREACHABLE, "Interrupted.", e);
        }
    }

    private record Fetched(FriendPages.Profile profile, List<FriendItem> items) {
    }

    private byte[] get(String b32, String path, int max, String what) throws FollowException {
        I2pHttpResponse response;
        try {
            response = i2p.httpGet("http://" + b32 + path, max, FETCH_TIMEOUT);
        } catch (I2pException e) {
            throw switch (e.reason()) {
                case NOT_READY -> new FollowException(Reason.NOT_READY,
                        "Your node is still connecting to the private network (I2P). Try again in a minute.", e);
                case UNKNOWN_NAME -> new FollowException(Reason.INVALID_ADDRESS, "This address is not known: " + e.getMessage(), e);
                case BAD_RESPONSE -> new FollowException(Reason.BAD_PAGE, "Your friend's node answered something unusable ("
                        + e.getMessage() + ").", e);
                case TIMEOUT -> new FollowException(Reason.UNREACHABLE,
                        "Your friend's node did not answer in time. It may be switched off; try again later.", e);
                default -> new FollowException(Reason.UNREACHABLE,
                        "Your friend's node cannot be reached right now. It may be switched off; try again later.", e);
            };
        }
        if (response.status() == 404 && path.equals("/profile.json")) {
            throw new FollowException(Reason.BAD_PAGE, "This person has not set up their profile yet.");
        }
        if (response.status() == 429 && new String(response.body(), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("excessive requests")) {
            // the I2P streaming library's own refusal (i2p.streaming.limitAction=http): our streams passed the
            // friend's limit per visitor, and it may hold for the rest of the hour
            throw new FollowException(Reason.UNREACHABLE, "Your friend's node is turning away requests from yours for"
                    + " now: it received too many from it lately. This node tries again later.");
        }
        if (response.status() == 429 || response.status() == 503) {
            // their site sheds load (too many of our streams at once, e.g. copies being fetched): a moment later works
            throw new FollowException(Reason.UNREACHABLE, "Your friend's node is busy right now (HTTP " + response.status()
                    + "); this node tries again shortly.");
        }
        if (response.status() != 200) {
            throw new FollowException(Reason.BAD_PAGE, "Your friend's node did not give its " + what + " (HTTP "
                    + response.status() + ").");
        }
        return response.body();
    }

    /**
     * The directory and the chat, when the swarm stack runs (they need the swarm; following does not): told the
     * follow list at once, then every change and every visit.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(FollowListener listener) {
        listeners.add(listener);
        tell(listener, followedRecords());
    }

    void removeListener(FollowListener listener) {
        listeners.remove(listener);
    }

    /** The copies of friends' posts: every fresh fetch may bring posts to copy or take some away. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setCopies(FriendCopies copies) {
        this.copies = copies;
    }

    void unsetCopies(FriendCopies copies) {
        if (this.copies == copies) {
            this.copies = null;
        }
    }

    /** The owner's notices: a friend's new post becomes one. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setNotices(NoticeBox notices) {
        this.notices = notices;
    }

    void unsetNotices(NoticeBox notices) {
        if (this.notices == notices) {
            this.notices = null;
        }
    }

    private static void tell(FollowListener listener, List<ProfileRecord> followed) {
        try {
            listener.followsChanged(followed);
        } catch (RuntimeException e) {
            LOG.warn("A follow listener failed", e);
        }
    }

    @Override
    public FriendPage visit(String address) throws FollowException {
        String b32 = b32Of(address);
        Fetched fetched = fetch(b32);
        boolean following;
        synchronized (this) {
            FollowListFile.Entry known = find(b32);
            following = known != null;
            if (known != null) {
                update(known, fetched);
            }
        }
        ProfileRecord record = fetched.profile().record();
        for (FollowListener listener : listeners) {
            try {
                listener.visited(record);
            } catch (RuntimeException e) {
                LOG.warn("A follow listener failed", e);
            }
        }
        return new FriendPage(record.nickname(), b32, record.seq(), fetched.profile().bio(), fetched.profile().hasAvatar(),
                fetched.items(), following);
    }

    // --- following

    @Override
    public Friend follow(String address) throws FollowException {
        String b32 = b32Of(address);
        if (i2p.ownDestination().map(d -> d.b32().equals(b32)).orElse(false)) {
            throw new FollowException(Reason.INVALID_ADDRESS, "This is your own address. Paste a friend's address instead.");
        }
        Fetched fetched = fetch(b32);
        Friend friend;
        synchronized (this) {
            FollowListFile.Entry entry = find(b32);
            if (entry == null) {
                if (friends.size() >= MAX_FOLLOWS) {
                    throw new FollowException(Reason.LIMIT, "You follow " + MAX_FOLLOWS + " people already, the most possible.");
                }
                entry = new FollowListFile.Entry();
                entry.record = fetched.profile().record();
                entry.followedAt = clock.instant();
                entry.items = fetched.items();
                name(entry);
                friends.add(entry);
            }
            update(entry, fetched);
            String name = entry.name;
            pending.removeIf(p -> p.equals(b32) || p.equals(name) || p.equals(HomeState.normalise(address)));
            save();
            friend = friend(entry);
        }
        changed(Map.of("type", "followed", "b32", b32));
        LOG.info("Following {} ({}) as {}", friend.nickname(), b32, friend.name());
        return friend;
    }

    /** Gives a new friend a name in the address book, or keeps the one that already points to them. */
    private void name(FollowListFile.Entry entry) {
        ProfileRecord r = entry.record;
        try {
            String name = AddressBookNames.choose(r.nickname(), r.b32(), n -> i2p.lookup(n).map(I2pDestination::b32));
            if (i2p.lookup(name).isPresent()) {
                entry.name = name; // already theirs (added by hand, or by an earlier follow)
                entry.nameAdded = false;
            } else {
                i2p.addName(name, r.destination());
                entry.name = name;
                entry.nameAdded = true;
            }
        } catch (RuntimeException e) {
            // no name is no reason not to follow: the b32 always works
            LOG.warn("No address-book name for {}: {}", r.b32(), e.toString());
        }
    }

    @Override
    public void followLater(String address) throws FollowException {
        String host = HomeState.normalise(address);
        if (host == null) {
            b32Of(address); // throws with the explanation
            return;
        }
        synchronized (this) {
            if (find(host) != null || pending.contains(host)) {
                return;
            }
            if (pending.size() >= MAX_FOLLOWS) {
                throw new FollowException(Reason.LIMIT, "Too many addresses are waiting to be followed.");
            }
            pending.add(host);
            save();
        }
        changed(Map.of("type", "pending", "address", host));
    }

    @Override
    public boolean unfollow(String address) {
        String host = HomeState.normalise(address);
        if (host == null) {
            return false;
        }
        FollowListFile.Entry entry;
        boolean wasPending;
        synchronized (this) {
            entry = find(host);
            String b32 = entry == null ? host : entry.record.b32();
            wasPending = pending.removeIf(p -> p.equals(host) || p.equals(b32));
            if (entry != null) {
                friends.remove(entry);
                if (entry.nameAdded && entry.name != null) {
                    try {
                        // only the name following added, and only while it still points to this friend
                        if (i2p.lookup(entry.name).map(d -> d.b32().equals(entry.record.b32())).orElse(false)) {
                            i2p.removeName(entry.name);
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("Could not remove {} from the address book: {}", entry.name, e.toString());
                    }
                }
            }
            if (entry == null && !wasPending) {
                return false;
            }
            save();
        }
        changed(Map.of("type", "unfollowed", "b32", entry == null ? host : entry.record.b32()));
        return true;
    }

    @Override
    public synchronized List<Friend> following() {
        return friends.stream().map(FollowingOverI2p::friend).toList();
    }

    @Override
    public synchronized List<String> pending() {
        return List.copyOf(pending);
    }

    @Override
    public synchronized List<FriendItem> friendsItems() {
        return friends.stream().flatMap(f -> f.items.stream()).sorted(Comparator.comparing(FriendItem::created).reversed())
                .toList();
    }

    /** The friend known under this b32 or address-book name, or null. */
    private FollowListFile.Entry find(String host) {
        for (FollowListFile.Entry e : friends) {
            if (e.record.b32().equals(host) || host.equals(e.name)) {
                return e;
            }
        }
        return null;
    }

    // --- periodic refresh

    @Override
    public void refreshNow() {
        worker.execute(this::refreshQuietly);
    }

    @Override
    public void refreshFriend(String b32) {
        refreshFriend(b32, 0);
    }

    /**
     * A live fetch (the friend told us of a change); one that fails for a reason that passes (their site busy, a
     * tunnel slow) is tried again a few times, seconds apart, rather than at the next refresh minutes later.
     */
    private void refreshFriend(String b32, int attempt) {
        synchronized (liveQueued) {
            if (!liveQueued.add(b32)) {
                return; // a fetch is queued already, and it starts after this call
            }
        }
        live.execute(() -> {
            synchronized (liveQueued) {
                liveQueued.remove(b32);
            }
            FollowException failed = refreshOne(b32);
            if (failed != null && failed.transientFailure() && attempt < LIVE_RETRIES) {
                worker.schedule(() -> refreshFriend(b32, attempt + 1), LIVE_RETRY_SECONDS * (attempt + 1), TimeUnit.SECONDS);
            }
        });
    }

    /** Fetches one followed friend's page and takes it in; a failure is kept as the friend's problem, and returned. */
    private FollowException refreshOne(String b32) {
        synchronized (this) {
            if (find(b32) == null) {
                return null;
            }
        }
        try {
            Fetched fetched = fetch(b32);
            synchronized (this) {
                FollowListFile.Entry entry = find(b32);
                if (entry != null) {
                    update(entry, fetched);
                    save();
                }
            }
        } catch (FollowException e) {
            synchronized (this) {
                FollowListFile.Entry entry = find(b32);
                if (entry != null && !e.getMessage().equals(entry.problem)) {
                    entry.problem = e.getMessage();
                    save();
                }
            }
            return e;
        }
        return null;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("Refreshing the friends' feeds failed", e);
        }
    }

    /** Fetches every friend's page once, then tries the waiting addresses. */
    void refresh() {
        List<String> b32s;
        synchronized (this) {
            b32s = friends.stream().map(e -> e.record.b32()).toList();
        }
        for (String b32 : b32s) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            refreshOne(b32);
        }
        for (String address : pending()) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                follow(address);
            } catch (FollowException e) {
                LOG.debug("Still cannot follow {}: {}", address, e.getMessage());
            }
        }
    }

    /** Takes in a fresh fetch: a newer record, the current posts; tells the pages about new posts. */
    private void update(FollowListFile.Entry entry, Fetched fetched) {
        ProfileRecord record = fetched.profile().record();
        boolean recordChanged = record.seq() > entry.record.seq();
        if (recordChanged) {
            entry.record = record;
        }
        Set<String> known = new HashSet<>();
        entry.items.forEach(i -> known.add(i.id()));
        List<FriendItem> fresh = fetched.items().stream().filter(i -> !known.contains(i.id())).toList();
        boolean removed = entry.items.stream().anyMatch(old -> fetched.items().stream().noneMatch(i -> i.id().equals(old.id())));
        NoticeBox box = notices;
        if (box != null) { // the notices first: whoever sees the new post in the feed also sees "… posted"
            fresh.forEach(item -> box.add("post", record.nickname(), record.b32(),
                    record.nickname() + " posted: " + item.description(), "#feed"));
        }
        entry.items = fetched.items();
        entry.bio = fetched.profile().bio();
        entry.hasAvatar = fetched.profile().hasAvatar();
        entry.lastFetched = clock.instant();
        entry.problem = null;
        for (FriendItem item : fresh) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("type", "added");
            data.put("item", FriendJson.item(item));
            events.publish("friends", data);
        }
        if (recordChanged || removed) {
            changed(Map.of("type", "updated", "b32", record.b32()));
        }
        FriendCopies keeper = copies;
        if (keeper != null) {
            keeper.friendFetched(record.b32(), !fresh.isEmpty() || removed);
        }
    }

    private void changed(Map<String, Object> event) {
        events.publish("friends", event);
        if (!listeners.isEmpty()) {
            List<ProfileRecord> followed = followedRecords();
            listeners.forEach(listener -> tell(listener, followed));
        }
    }

    private void save() {
        try {
            store.save(friends, pending);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot save the follow list", e);
        }
    }

    static Friend friend(FollowListFile.Entry e) {
        return new Friend(e.record.nickname(), e.record.b32(), e.name, e.record.seq(), e.followedAt, e.lastFetched, e.problem);
    }

    /** Bio and picture flag of a followed friend (for the page). */
    synchronized Optional<Map<String, Object>> details(String b32) {
        FollowListFile.Entry e = find(b32);
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(Map.of("bio", e.bio, "hasAvatar", e.hasAvatar));
    }

    @Override
    public synchronized List<ProfileRecord> followedRecords() {
        return friends.stream().map(e -> e.record).toList();
    }
}
