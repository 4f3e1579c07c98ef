package org.p2pstack.core.internal.directory;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The directory of known people: the newest verified record per b32. Gossip merges in whatever peers
 * send, so the rules are strict and the size bounded: an older or equal {@code seq} never replaces what
 * is known (no replays, no flapping), and past {@link #MAX_RECORDS} the least recently published record
 * makes room. Not thread-safe; the owning service serialises access.
 */
public final class DirectoryMerge {

    /** Most people remembered. */
    public static final int MAX_RECORDS = 10_000;
    /** Most results of one search. */
    public static final int MAX_RESULTS = 50;

    /** What merging one record did. */
    public enum Outcome { ADDED, UPDATED, STALE }

    private final Map<String, ProfileRecord> byB32 = new LinkedHashMap<>();
    private final int capacity;

    public DirectoryMerge() {
        this(MAX_RECORDS);
    }

    DirectoryMerge(int capacity) {
        this.capacity = capacity;
    }

    /** Merges a record that {@link ProfileRecords#verify} accepted. */
    public Outcome merge(ProfileRecord record) {
        ProfileRecord known = byB32.get(record.b32());
        if (known != null) {
            if (record.seq() <= known.seq()) {
                return Outcome.STALE;
            }
            byB32.put(record.b32(), record);
            return Outcome.UPDATED;
        }
        if (byB32.size() >= capacity) {
            byB32.values().stream().min(Comparator.comparingLong(ProfileRecord::time)).ifPresent(oldest -> {
                if (oldest.time() < record.time()) {
                    byB32.remove(oldest.b32());
                }
            });
            if (byB32.size() >= capacity) {
                return Outcome.STALE;
            }
        }
        byB32.put(record.b32(), record);
        return Outcome.ADDED;
    }

    public Optional<ProfileRecord> find(String b32) {
        return Optional.ofNullable(byB32.get(b32));
    }

    /** People whose nickname contains {@code query} (any case); names are not unique, so each has its b32. */
    public List<ProfileRecord> search(String query) {
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        return byB32.values().stream().filter(r -> r.nickname().toLowerCase(Locale.ROOT).contains(needle))
                .sorted(Comparator.comparing((ProfileRecord r) -> !r.nickname().equalsIgnoreCase(needle))
                        .thenComparing(ProfileRecord::nickname, String.CASE_INSENSITIVE_ORDER))
                .limit(MAX_RESULTS).toList();
    }

    /** Every record, for anti-entropy exchange. */
    public List<ProfileRecord> all() {
        return List.copyOf(byB32.values());
    }

    public int size() {
        return byB32.size();
    }
}
