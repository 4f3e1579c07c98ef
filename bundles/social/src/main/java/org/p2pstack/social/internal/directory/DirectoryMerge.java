package org.p2pstack.social.internal.directory;

import org.p2pstack.api.profile.ProfileRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The directory of known people: the newest verified record per b32, and what this node itself observed of each:
 * when it first saw them, when it last heard of them, and whether the record may be passed on to peers. Gossip
 * merges in whatever peers send, and records cost nothing to make (any Ed25519 key gives a valid destination),
 * so nothing here trusts what a record says about itself, its {@code time} least of all:
 * <ul>
 * <li>an older or equal {@code seq} never replaces what is known (no replays, no flapping);</li>
 * <li>people the user trusts (follows, has visited, the user themself: {@link #trust}) are never evicted;</li>
 * <li>past {@link #MAX_RECORDS}, the untrusted person first seen most recently makes room; a newcomer counts as
 * first seen now, so an untrusted newcomer is turned away and a trusted one takes the newest stranger's place: a
 * flood never pushes out anyone known from before it (strangers nobody mentions for {@link #FORGET_AFTER} are
 * forgotten, so a full directory does not stay closed for ever);</li>
 * <li>search ranks trusted people first, then by how long this node has known them.</li>
 * </ul>
 * Not thread-safe; the owning service serialises access.
 */
public final class DirectoryMerge {

    /** Most people remembered. */
    public static final int MAX_RECORDS = 10_000;
    /** Most results of one search. */
    public static final int MAX_RESULTS = 50;
    /** Someone nobody has mentioned for this long (no digest listed them, no record came) is forgotten, unless trusted. */
    public static final Duration FORGET_AFTER = Duration.ofDays(60);

    /** What merging one record did. {@code FULL}: a newcomer not let in because the directory is full. */
    public enum Outcome {
        ADDED, UPDATED, STALE, FULL;

        /** True when the directory changed (the record is new to us, to store and to pass on). */
        public boolean changed() {
            return this == ADDED || this == UPDATED;
        }
    }

    /** A person as a search shows them: the record, since when this node knows them, and whether they are trusted. */
    public record Known(ProfileRecord record, Instant firstSeen, boolean trusted) {
    }

    /** One entry as the directory file keeps it. */
    public record Saved(ProfileRecord record, long firstSeen, long lastHeard, boolean shared) {
    }

    /** Mutable state of one person; only this class touches it. */
    private static final class Entry {
        ProfileRecord record;
        final long firstSeen;
        long lastHeard;
        // false: known only from this node's own follows and visits; passing it on would tell peers whom we follow
        boolean shared;

        Entry(ProfileRecord record, long firstSeen, long lastHeard, boolean shared) {
            this.record = record;
            this.firstSeen = firstSeen;
            this.lastHeard = lastHeard;
            this.shared = shared;
        }
    }

    private final Map<String, Entry> byB32 = new LinkedHashMap<>();
    private final int capacity;
    private Set<String> trusted = Set.of();

    public DirectoryMerge() {
        this(MAX_RECORDS);
    }

    DirectoryMerge(int capacity) {
        this.capacity = capacity;
    }

    /** The b32 addresses never evicted and ranked first: followed and visited people, the user themself. */
    public void trust(Set<String> b32s) {
        trusted = Set.copyOf(b32s);
    }

    public boolean isTrusted(String b32) {
        return trusted.contains(b32);
    }

    /** Merges a record that {@link ProfileRecords#verify} accepted, as gossip brings it (first seen now if new). */
    public Outcome merge(ProfileRecord record) {
        return merge(record, Instant.now(), true);
    }

    /**
     * Merges a verified record at {@code now}. {@code shared}: it came from the network (gossip), so passing it on
     * reveals nothing; false for records this node learnt by itself (over I2P, from follows and visits).
     */
    public Outcome merge(ProfileRecord record, Instant now, boolean shared) {
        long at = now.toEpochMilli();
        Entry known = byB32.get(record.b32());
        if (known != null) {
            known.lastHeard = Math.max(known.lastHeard, at);
            if (record.seq() < known.record.seq()) {
                return Outcome.STALE;
            }
            if (record.seq() == known.record.seq()) {
                if (shared && !known.shared) {
                    // the network has it too now: from here on we pass it on like any record new to us (quietly
                    // keeping it back would tell a peer who sent it that we had it already, from a follow or visit)
                    known.shared = true;
                    return Outcome.UPDATED;
                }
                return Outcome.STALE;
            }
            known.record = record;
            // a newer record we alone have stays ours until the network has it (we would be its first source)
            known.shared = shared;
            return Outcome.UPDATED;
        }
        if (byB32.size() >= capacity && !makeRoomFor(record.b32())) {
            return Outcome.FULL;
        }
        byB32.put(record.b32(), new Entry(record, at, at, shared));
        return Outcome.ADDED;
    }

    /**
     * Evicts the untrusted person first seen most recently, if that is not the newcomer itself: an untrusted
     * newcomer is the newest of all, so it is the one turned away; a trusted one takes the newest stranger's place.
     */
    private boolean makeRoomFor(String b32) {
        if (!trusted.contains(b32)) {
            return false;
        }
        Entry newest = null;
        for (Entry e : byB32.values()) {
            if (!trusted.contains(e.record.b32()) && (newest == null || e.firstSeen >= newest.firstSeen)) {
                newest = e;
            }
        }
        if (newest == null) {
            return false;
        }
        byB32.remove(newest.record.b32());
        return true;
    }

    /** A peer's digest named this person: they are still around. */
    public void heard(String b32, Instant now) {
        Entry e = byB32.get(b32);
        if (e != null) {
            e.lastHeard = Math.max(e.lastHeard, now.toEpochMilli());
        }
    }

    /** Forgets untrusted people nobody has mentioned for {@link #FORGET_AFTER}; returns how many. */
    public int forgetSilent(Instant now) {
        long before = now.minus(FORGET_AFTER).toEpochMilli();
        int size = byB32.size();
        byB32.values().removeIf(e -> e.lastHeard < before && !trusted.contains(e.record.b32()));
        return size - byB32.size();
    }

    public Optional<ProfileRecord> find(String b32) {
        return Optional.ofNullable(byB32.get(b32)).map(e -> e.record);
    }

    /**
     * The person whose record names {@code swarmKey}: a record's swarm key is only a claim (anyone can name anyone's
     * key), so a trusted person's record wins, then the longest known, never the most recently dated.
     */
    public Optional<ProfileRecord> bySwarmKey(String swarmKey) {
        return byB32.values().stream().filter(e -> swarmKey.equalsIgnoreCase(e.record.swarmKey()))
                .map(e -> new Known(e.record, Instant.ofEpochMilli(e.firstSeen), trusted.contains(e.record.b32())))
                .min(order("")).map(Known::record);
    }

    /** The person whose record names the IPFS peer id {@code peerId}, if known. */
    public Optional<ProfileRecord> byIpfsPeerId(String peerId) {
        return byB32.values().stream().filter(e -> peerId.equals(e.record.ipfsPeerId()))
                .map(e -> new Known(e.record, Instant.ofEpochMilli(e.firstSeen), trusted.contains(e.record.b32())))
                .min(order("")).map(Known::record);
    }

    /** When this node first saw {@code b32}. */
    public Optional<Instant> firstSeen(String b32) {
        return Optional.ofNullable(byB32.get(b32)).map(e -> Instant.ofEpochMilli(e.firstSeen));
    }

    /** True when the record of {@code b32} may be passed on to peers. */
    public boolean isShared(String b32) {
        Entry e = byB32.get(b32);
        return e != null && e.shared;
    }

    /** People whose nickname contains {@code query} (any case), ranked (see {@link #order}); each has its b32. */
    public List<Known> searchRanked(String query) {
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        return byB32.values().stream().filter(e -> e.record.nickname().toLowerCase(Locale.ROOT).contains(needle))
                .map(e -> new Known(e.record, Instant.ofEpochMilli(e.firstSeen), trusted.contains(e.record.b32())))
                .sorted(order(needle)).limit(MAX_RESULTS).toList();
    }

    /**
     * Trusted people first, then the longest known: what a record says of itself (name, time) cannot lift a
     * newcomer above anyone seen before it. The exact name and the name's order only break ties.
     */
    static Comparator<Known> order(String needle) {
        return Comparator.comparing((Known k) -> !k.trusted()).thenComparing(Known::firstSeen)
                .thenComparing(k -> !k.record().nickname().equalsIgnoreCase(needle))
                .thenComparing(k -> k.record().nickname(), String.CASE_INSENSITIVE_ORDER);
    }

    /** The records of {@link #searchRanked}. */
    public List<ProfileRecord> search(String query) {
        return searchRanked(query).stream().map(Known::record).toList();
    }

    /** Every record. */
    public List<ProfileRecord> all() {
        return byB32.values().stream().map(e -> e.record).toList();
    }

    /** The records that may be passed on to peers, for anti-entropy exchange, in the order first seen. */
    public List<ProfileRecord> shared() {
        return byB32.values().stream().filter(e -> e.shared).map(e -> e.record).toList();
    }

    /** Everything, for the directory file, in the order first seen. */
    public List<Saved> saved() {
        List<Saved> out = new ArrayList<>(byB32.size());
        byB32.values().forEach(e -> out.add(new Saved(e.record, e.firstSeen, e.lastHeard, e.shared)));
        return out;
    }

    /** Takes back an entry read from the directory file (verified again by the caller); false when full or known. */
    public boolean restore(Saved saved) {
        if (byB32.containsKey(saved.record().b32()) || byB32.size() >= capacity) {
            return false;
        }
        byB32.put(saved.record().b32(), new Entry(saved.record(), saved.firstSeen(), saved.lastHeard(), saved.shared()));
        return true;
    }

    public int size() {
        return byB32.size();
    }
}
