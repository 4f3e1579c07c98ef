package org.p2pstack.social.internal.directory;

import org.p2pstack.api.profile.ProfileRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Directory anti-entropy between two nodes, as messages on the swarm's message channel (JSON, UTF-8):
 * <ul>
 * <li>{@code {"p":"p2pstack-directory/1","t":"digest","e":[[b32, seq], ...]}}: what I know (sent on connecting,
 * then now and then, in pages);</li>
 * <li>{@code {"p":...,"t":"want","b":[b32, ...]}}: send me these records;</li>
 * <li>{@code {"p":...,"t":"records","r":[record, ...]}}: signed records (answers, pushes, forwards).</li>
 * </ul>
 * A record new to us is forwarded to the other peers once, so a change floods the network and stops.
 * Peers are untrusted: every message and list is bounded, every record verified, every peer rate limited. Peer
 * keys and records are free to make, so what is new is also rationed per signing key and for the whole node
 * ({@link Quotas}): many Sybil peers together bring no more newcomers per hour than the global allowance, and
 * people already known or trusted are never pushed out by them ({@link DirectoryMerge}).
 * Records this node knows only by itself (its follows and visits) and its own record, unless the user linked
 * their networks, are never sent: sending them would tell peers, who see our IP address, whom we follow or who we are.
 * Not thread-safe; the owning service serialises calls.
 */
public final class DirectoryGossip {

    static final String PROTOCOL = "p2pstack-directory/1";
    private static final byte[] PREFIX = ("{\"p\":\"" + PROTOCOL + "\"").getBytes(StandardCharsets.UTF_8);
    /** Largest message read or written. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** Entries per digest page: a b32 and a number, about 75 bytes each. */
    static final int MAX_DIGEST_ENTRIES = 400;
    /** Records per message: 12 records of at most 4 KiB fit in a message. */
    static final int MAX_RECORDS_PER_MESSAGE = 12;
    /** b32 addresses asked for in one message. */
    static final int MAX_WANTS = MAX_DIGEST_ENTRIES;
    static final int MAX_B32_LENGTH = 80;
    /** Per peer: a burst of messages, then this many per second. */
    static final double MESSAGE_BURST = 60;
    static final double MESSAGES_PER_SECOND = 2;
    /** Per peer: a burst of records (a full exchange), then this many per second. */
    static final double RECORD_BURST = 1200;
    static final double RECORDS_PER_SECOND = 20;
    /** Peers whose budgets are remembered; the oldest are forgotten. */
    static final int MAX_TRACKED_PEERS = 512;
    /** Per peer: people new to us it may bring, a burst then a rate per hour. */
    static final double NEW_PER_PEER_BURST = 500;
    static final double NEW_PER_PEER_PER_HOUR = 500;
    /** Per Ed25519 signing key: new b32s and updates together (one key can mint any number of destinations). */
    static final double PER_KEY_BURST = 10;
    static final double PER_KEY_PER_HOUR = 6;
    /** For all peers together: people new to us per hour, so that many free peer keys cannot flood either. */
    static final double NEW_GLOBAL_BURST = 2000;
    static final double NEW_GLOBAL_PER_HOUR = 2000;
    /** Signing keys whose budgets are remembered; the oldest are forgotten (the global allowance still holds). */
    static final int MAX_TRACKED_KEYS = 4096;

    /** The allowances for what is new; trusted people (followed, visited) are exempt. */
    public record Quotas(double newPerPeerBurst, double newPerPeerPerHour, double perKeyBurst, double perKeyPerHour,
            double newGlobalBurst, double newGlobalPerHour) {
        public static final Quotas DEFAULT = new Quotas(NEW_PER_PEER_BURST, NEW_PER_PEER_PER_HOUR, PER_KEY_BURST,
                PER_KEY_PER_HOUR, NEW_GLOBAL_BURST, NEW_GLOBAL_PER_HOUR);
    }

    /** A message to send: to one peer, or to every connected peer but {@code except} when {@code peerKey} is null. */
    public record Outgoing(String peerKey, String except, byte[] data) {
    }

    /** What handling an event produced: messages to send and records that are new (to store, to show). */
    public record Result(List<Outgoing> outgoing, List<ProfileRecord> changed, String dropped) {
        static Result drop(String why) {
            return new Result(List.of(), List.of(), why);
        }
    }

    private final DirectoryMerge directory;
    private final Quotas quotas;
    private final Map<String, Budget> budgets = lru(MAX_TRACKED_PEERS);
    private final Map<String, Bucket> keyBudgets = lru(MAX_TRACKED_KEYS);
    private Bucket global;
    /** Our own b32 while the user has not linked networks: never sent from here, even when a peer relays it. */
    private String withheld;

    public DirectoryGossip(DirectoryMerge directory) {
        this(directory, Quotas.DEFAULT);
    }

    public DirectoryGossip(DirectoryMerge directory, Quotas quotas) {
        this.directory = directory;
        this.quotas = quotas;
    }

    private static <V> Map<String, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    public DirectoryMerge directory() {
        return directory;
    }

    /** True for a message of this protocol (cheap: other protocols share the channel). */
    public static boolean isGossip(byte[] data) {
        return data != null && data.length >= PREFIX.length && Arrays.equals(data, 0, PREFIX.length, PREFIX, 0, PREFIX.length);
    }

    /** True when the record of {@code b32} may leave this node. */
    private boolean sendable(String b32) {
        return directory.isShared(b32) && !b32.equals(withheld);
    }

    /** Our digest for a peer that just connected (or for the periodic round): one or more pages. */
    public List<Outgoing> digest(String peerKey) {
        List<Outgoing> out = new ArrayList<>();
        List<ProfileRecord> all = directory.shared().stream().filter(r -> !r.b32().equals(withheld)).toList();
        for (int from = 0; from < all.size(); from += MAX_DIGEST_ENTRIES) {
            JsonArray entries = new JsonArray();
            for (ProfileRecord r : all.subList(from, Math.min(all.size(), from + MAX_DIGEST_ENTRIES))) {
                JsonArray e = new JsonArray();
                e.add(r.b32());
                e.add(r.seq());
                entries.add(e);
            }
            JsonObject m = envelope("digest");
            m.add("e", entries);
            out.add(new Outgoing(peerKey, null, bytes(m)));
        }
        return out;
    }

    /** Our own newly signed record: stored, and pushed to every peer. */
    public Result publish(ProfileRecord own) {
        return publish(own, true, Instant.now());
    }

    /**
     * Our own newly signed record: stored, and pushed to every peer when {@code share} (the user linked their
     * networks). Otherwise it is kept here only and never sent, not even a copy that peers relay back: the first
     * node to gossip a record is very likely its owner, and peers see that node's IP address.
     */
    public Result publish(ProfileRecord own, boolean share, Instant now) {
        withheld = share ? null : own.b32();
        DirectoryMerge.Outcome outcome = directory.merge(own, now, share);
        if (!outcome.changed()) {
            return new Result(List.of(), List.of(), "not newer than what is known");
        }
        return new Result(share ? recordMessages(null, null, List.of(own)) : List.of(), List.of(own), null);
    }

    /** A record this node verified by itself (a followed or visited person's, over I2P): kept, never sent. */
    public Result learnt(ProfileRecord record, Instant now) {
        DirectoryMerge.Outcome outcome = directory.merge(record, now, false);
        return new Result(List.of(), outcome.changed() ? List.of(record) : List.of(), null);
    }

    /** Handles a message from {@code peerKey}; anything malformed, oversized or over budget is dropped whole. */
    public Result received(String peerKey, byte[] data, Instant now) {
        if (!isGossip(data)) {
            return Result.drop("not a directory message");
        }
        if (data.length > MAX_MESSAGE_BYTES) {
            return Result.drop("message larger than " + MAX_MESSAGE_BYTES + " bytes");
        }
        Budget budget = budgets.computeIfAbsent(peerKey, k -> new Budget(now));
        if (!budget.takeMessage(now)) {
            return Result.drop("peer sends too many messages");
        }
        JsonObject m;
        try {
            JsonElement root = JsonParser.parseString(new String(data, StandardCharsets.UTF_8));
            if (!root.isJsonObject()) {
                return Result.drop("not a JSON object");
            }
            m = root.getAsJsonObject();
        } catch (JsonParseException | StackOverflowError e) {
            return Result.drop("not JSON");
        }
        String type = string(m.get("t"));
        if (type == null) {
            return Result.drop("no message type");
        }
        return switch (type) {
            case "digest" -> onDigest(peerKey, m.get("e"), budget, now);
            case "want" -> onWant(peerKey, m.get("b"));
            case "records" -> onRecords(peerKey, m.get("r"), budget, now);
            default -> Result.drop("unknown message type");
        };
    }

    private Result onDigest(String peerKey, JsonElement entries, Budget budget, Instant now) {
        if (entries == null || !entries.isJsonArray() || entries.getAsJsonArray().size() > MAX_DIGEST_ENTRIES) {
            return Result.drop("bad digest");
        }
        List<String> wants = new ArrayList<>();
        List<ProfileRecord> newer = new ArrayList<>();
        // ask only for as many newcomers as we would take: the rest would be sent for nothing
        double newcomers = Math.min(budget.newPeople.available(now), global(now).available(now));
        for (JsonElement e : entries.getAsJsonArray()) {
            if (!e.isJsonArray() || e.getAsJsonArray().size() != 2) {
                return Result.drop("bad digest entry");
            }
            String b32 = string(e.getAsJsonArray().get(0));
            Long seq = number(e.getAsJsonArray().get(1));
            if (b32 == null || b32.isEmpty() || b32.length() > MAX_B32_LENGTH || seq == null || seq < 0) {
                return Result.drop("bad digest entry");
            }
            Optional<ProfileRecord> known = directory.find(b32);
            if (known.isEmpty()) {
                boolean trusted = directory.isTrusted(b32);
                if (wants.size() < MAX_WANTS && (trusted || newcomers >= 1)) {
                    wants.add(b32);
                    newcomers -= trusted ? 0 : 1;
                }
                continue;
            }
            directory.heard(b32, now);
            if (known.get().seq() < seq) {
                if (wants.size() < MAX_WANTS) {
                    wants.add(b32);
                }
            } else if (known.get().seq() > seq && sendable(b32)) {
                newer.add(known.get());
            }
        }
        List<Outgoing> out = new ArrayList<>(recordMessages(peerKey, null, newer));
        if (!wants.isEmpty()) {
            JsonObject want = envelope("want");
            JsonArray list = new JsonArray();
            wants.forEach(list::add);
            want.add("b", list);
            out.add(new Outgoing(peerKey, null, bytes(want)));
        }
        return new Result(out, List.of(), null);
    }

    private Result onWant(String peerKey, JsonElement wanted) {
        if (wanted == null || !wanted.isJsonArray() || wanted.getAsJsonArray().size() > MAX_WANTS) {
            return Result.drop("bad want");
        }
        List<ProfileRecord> found = new ArrayList<>();
        for (JsonElement e : wanted.getAsJsonArray()) {
            String b32 = string(e);
            if (b32 == null || b32.length() > MAX_B32_LENGTH) {
                return Result.drop("bad want entry");
            }
            if (sendable(b32)) {
                directory.find(b32).ifPresent(found::add);
            }
        }
        return new Result(recordMessages(peerKey, null, found), List.of(), null);
    }

    private Result onRecords(String peerKey, JsonElement records, Budget budget, Instant now) {
        if (records == null || !records.isJsonArray() || records.getAsJsonArray().size() > MAX_RECORDS_PER_MESSAGE) {
            return Result.drop("bad records");
        }
        if (!budget.takeRecords(records.getAsJsonArray().size(), now)) {
            return Result.drop("peer sends too many records");
        }
        List<ProfileRecord> changed = new ArrayList<>();
        int invalid = 0;
        int overQuota = 0;
        for (JsonElement e : records.getAsJsonArray()) {
            if (!e.isJsonObject()) {
                invalid++;
                continue;
            }
            JsonObject o = e.getAsJsonObject();
            String b32 = string(o.get("b32"));
            Long seq = number(o.get("seq"));
            if (b32 == null || seq == null) {
                invalid++;
                continue;
            }
            Optional<ProfileRecord> known = directory.find(b32);
            if (known.isPresent() && seq < known.get().seq()) {
                directory.heard(b32, now); // a replay: nothing to check or store
                continue;
            }
            if (known.isPresent() && seq == known.get().seq()) {
                // the record we have (or another one its owner signed with the same seq): the network has it too
                try {
                    if (!o.equals(JsonParser.parseString(ProfileRecords.toJson(known.get())))) {
                        ProfileRecords.verify(o.toString(), now);
                    }
                    if (directory.merge(known.get(), now, true).changed()) {
                        changed.add(known.get());
                    }
                } catch (ProfileRecords.InvalidRecordException bad) {
                    invalid++;
                }
                continue;
            }
            boolean trusted = directory.isTrusted(b32);
            Bucket key = null;
            if (!trusted) {
                key = keyBudget(o, now);
                if (key == null) {
                    invalid++;
                    continue;
                }
                if (key.available(now) < 1) {
                    overQuota++;
                    continue;
                }
                if (known.isEmpty()) {
                    if (budget.newPeople.available(now) < 1 || global(now).available(now) < 1) {
                        overQuota++;
                        continue;
                    }
                    // taken before the signature is checked: a forged newcomer costs its sender as much as a real one
                    budget.newPeople.take(1, now);
                    global(now).take(1, now);
                }
            }
            try {
                ProfileRecord record = ProfileRecords.verify(o.toString(), now);
                if (directory.merge(record, now, true).changed()) {
                    if (key != null) {
                        key.take(1, now); // only for a verified change: forged updates cannot use up someone's budget
                    }
                    changed.add(record);
                }
            } catch (ProfileRecords.InvalidRecordException bad) {
                invalid++;
            }
        }
        // forward what was new to us to everyone else: each node forwards a record once, so flooding ends
        List<ProfileRecord> forward = changed.stream().filter(r -> sendable(r.b32())).toList();
        String dropped = invalid == 0 && overQuota == 0 ? null
                : invalid == 0 ? overQuota + " record(s) over quota dropped"
                : invalid + " invalid record(s) dropped" + (overQuota == 0 ? "" : ", " + overQuota + " over quota");
        return new Result(recordMessages(null, peerKey, forward), changed, dropped);
    }

    /** The budget of the record's signing key; null when the destination cannot be read (the record is invalid). */
    private Bucket keyBudget(JsonObject record, Instant now) {
        String destination = string(record.get("destination"));
        if (destination == null) {
            return null;
        }
        String key;
        try {
            key = I2pDestination.parse(destination).signingKeyHex();
        } catch (IllegalArgumentException e) {
            return null;
        }
        return keyBudgets.computeIfAbsent(key, k -> new Bucket(quotas.perKeyBurst(), quotas.perKeyPerHour() / 3600, now));
    }

    private Bucket global(Instant now) {
        if (global == null) {
            global = new Bucket(quotas.newGlobalBurst(), quotas.newGlobalPerHour() / 3600, now);
        }
        return global;
    }

    private List<Outgoing> recordMessages(String peerKey, String except, List<ProfileRecord> records) {
        List<Outgoing> out = new ArrayList<>();
        for (int from = 0; from < records.size(); from += MAX_RECORDS_PER_MESSAGE) {
            JsonArray list = new JsonArray();
            for (ProfileRecord r : records.subList(from, Math.min(records.size(), from + MAX_RECORDS_PER_MESSAGE))) {
                list.add(JsonParser.parseString(ProfileRecords.toJson(r)));
            }
            JsonObject m = envelope("records");
            m.add("r", list);
            out.add(new Outgoing(peerKey, except, bytes(m)));
        }
        return out;
    }

    private static JsonObject envelope(String type) {
        JsonObject m = new JsonObject();
        m.addProperty("p", PROTOCOL); // first, so isGossip can tell our messages by their first bytes
        m.addProperty("t", type);
        return m;
    }

    private static byte[] bytes(JsonObject m) {
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String string(JsonElement e) {
        return e != null && e.isJsonPrimitive() && ((JsonPrimitive) e).isString() ? e.getAsString() : null;
    }

    private static Long number(JsonElement e) {
        if (e == null || !e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber()) {
            return null;
        }
        try {
            return e.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException | NumberFormatException notWhole) { // or an exponent too large to read
            return null;
        }
    }

    /** Token buckets of one peer: messages, records, and people new to us. */
    private final class Budget {
        private final Bucket messages;
        private final Bucket records;
        private final Bucket newPeople;

        Budget(Instant now) {
            messages = new Bucket(MESSAGE_BURST, MESSAGES_PER_SECOND, now);
            records = new Bucket(RECORD_BURST, RECORDS_PER_SECOND, now);
            newPeople = new Bucket(quotas.newPerPeerBurst(), quotas.newPerPeerPerHour() / 3600, now);
        }

        boolean takeMessage(Instant now) {
            return messages.take(1, now);
        }

        boolean takeRecords(int n, Instant now) {
            return records.take(n, now);
        }
    }

    /** A token bucket: {@code burst} tokens, refilled at {@code perSecond}. */
    static final class Bucket {
        private final double burst;
        private final double perSecond;
        private double tokens;
        private Instant last;

        Bucket(double burst, double perSecond, Instant now) {
            this.burst = burst;
            this.perSecond = perSecond;
            this.tokens = burst;
            this.last = now;
        }

        double available(Instant now) {
            double seconds = Math.max(0, (now.toEpochMilli() - last.toEpochMilli()) / 1000.0);
            last = now.isAfter(last) ? now : last;
            tokens = Math.min(burst, tokens + seconds * perSecond);
            return tokens;
        }

        boolean take(double n, Instant now) {
            if (available(now) < n) {
                return false;
            }
            tokens -= n;
            return true;
        }
    }
}
