package org.p2pstack.core.internal.directory;

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
 * Peers are untrusted: every message and list is bounded, every record verified, every peer rate limited.
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
    private final Map<String, Budget> budgets = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Budget> eldest) {
            return size() > MAX_TRACKED_PEERS;
        }
    };

    public DirectoryGossip(DirectoryMerge directory) {
        this.directory = directory;
    }

    public DirectoryMerge directory() {
        return directory;
    }

    /** True for a message of this protocol (cheap: other protocols share the channel). */
    public static boolean isGossip(byte[] data) {
        return data != null && data.length >= PREFIX.length && Arrays.equals(data, 0, PREFIX.length, PREFIX, 0, PREFIX.length);
    }

    /** Our digest for a peer that just connected (or for the periodic round): one or more pages. */
    public List<Outgoing> digest(String peerKey) {
        List<Outgoing> out = new ArrayList<>();
        List<ProfileRecord> all = directory.all();
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
        DirectoryMerge.Outcome outcome = directory.merge(own);
        if (outcome == DirectoryMerge.Outcome.STALE) {
            return new Result(List.of(), List.of(), "not newer than what is known");
        }
        return new Result(recordMessages(null, null, List.of(own)), List.of(own), null);
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
            case "digest" -> onDigest(peerKey, m.get("e"));
            case "want" -> onWant(peerKey, m.get("b"));
            case "records" -> onRecords(peerKey, m.get("r"), budget, now);
            default -> Result.drop("unknown message type");
        };
    }

    private Result onDigest(String peerKey, JsonElement entries) {
        if (entries == null || !entries.isJsonArray() || entries.getAsJsonArray().size() > MAX_DIGEST_ENTRIES) {
            return Result.drop("bad digest");
        }
        List<String> wants = new ArrayList<>();
        List<ProfileRecord> newer = new ArrayList<>();
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
            if (known.isEmpty() || known.get().seq() < seq) {
                if (wants.size() < MAX_WANTS) {
                    wants.add(b32);
                }
            } else if (known.get().seq() > seq) {
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
            directory.find(b32).ifPresent(found::add);
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
        for (JsonElement e : records.getAsJsonArray()) {
            if (!e.isJsonObject()) {
                invalid++;
                continue;
            }
            try {
                ProfileRecord record = ProfileRecords.verify(e.toString(), now);
                if (directory.merge(record) != DirectoryMerge.Outcome.STALE) {
                    changed.add(record);
                }
            } catch (ProfileRecords.InvalidRecordException bad) {
                invalid++;
            }
        }
        // forward what was new to us to everyone else: each node forwards a record once, so flooding ends
        return new Result(recordMessages(null, peerKey, changed), changed,
                invalid == 0 ? null : invalid + " invalid record(s) dropped");
    }

    private List<Outgoing> recordMessages(String peerKey, String except, List<ProfileRecord> records) {
        List<Outgoing> out = new ArrayList<>();
        for (int from = 0; from < records.size(); from += MAX_RECORDS_PER_MESSAGE) {
            JsonArray list = new JsonArray();
            for (ProfileRecord r : records.subList(from, Math.min(records.size(), from + MAX_RECORDS_PER_MESSAGE))) {
                list.add(JsonParser.parseString(r.toJson()));
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

    /** Token buckets of one peer: messages and records. */
    private static final class Budget {
        private double messages = MESSAGE_BURST;
        private double records = RECORD_BURST;
        private Instant last;

        Budget(Instant now) {
            this.last = now;
        }

        private void refill(Instant now) {
            double seconds = Math.max(0, (now.toEpochMilli() - last.toEpochMilli()) / 1000.0);
            last = now.isAfter(last) ? now : last;
            messages = Math.min(MESSAGE_BURST, messages + seconds * MESSAGES_PER_SECOND);
            records = Math.min(RECORD_BURST, records + seconds * RECORDS_PER_SECOND);
        }

        boolean takeMessage(Instant now) {
            refill(now);
            if (messages < 1) {
                return false;
            }
            messages -= 1;
            return true;
        }

        boolean takeRecords(int n, Instant now) {
            refill(now);
            if (records < n) {
                return false;
            }
            records -= n;
            return true;
        }
    }
}
