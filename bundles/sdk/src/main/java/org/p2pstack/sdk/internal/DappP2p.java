package org.p2pstack.sdk.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.p2pstack.api.dapp.Dapp;
import org.p2pstack.api.dapp.DappPermission;
import org.p2pstack.api.dapp.DappRegistry;
import org.p2pstack.api.ipfs.AddOptions;
import org.p2pstack.api.ipfs.IpfsService;
import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.api.swarm.HypercoreService;
import org.p2pstack.api.swarm.SwarmMessage;
import org.p2pstack.api.swarm.SwarmPeer;
import org.p2pstack.api.swarm.SwarmService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The per-dApp p2p endpoints below {@code /dapps/<name>/_p2p/}, independent of servlets: each call names the dApp
 * (from its URL), is checked against what the dApp declared in its manifest ({@link DappRegistry#find} is the truth),
 * and stays in the dApp's namespace ({@link DappNamespace}). Everything is bounded: bodies, counts, waiting time.
 *
 * <pre>
 * GET    _p2p/info                       the dApp, its permissions and these limits
 * POST   _p2p/ipfs                       raw bytes (≤ 1 MiB) → {cid}, pinned for this dApp          [ipfs]
 * GET    _p2p/ipfs/&lt;cid&gt;                 the bytes (≤ 1 MiB)                                          [ipfs]
 * GET    _p2p/ipfs/pins, PUT|DELETE _p2p/ipfs/pins/&lt;cid&gt;                                              [ipfs]
 * POST   _p2p/cores {name}               opens its own log dapp/&lt;dapp&gt;/&lt;name&gt; → {key, length, ...}      [hypercore]
 * POST   _p2p/cores/remote {key}         follows someone else's log, read-only                        [hypercore]
 * GET    _p2p/cores, _p2p/cores/&lt;key&gt;    the logs it opened                                           [hypercore]
 * POST   _p2p/cores/&lt;key&gt;/blocks        raw bytes (≤ 64 KiB) appended to its own log → {length}      [hypercore]
 * GET    _p2p/cores/&lt;key&gt;/blocks/&lt;i&gt;    block i                                                      [hypercore]
 * POST   _p2p/swarm/topics {topic}, DELETE _p2p/swarm/topics/&lt;topic&gt;, GET _p2p/swarm/topics            [swarm]
 * POST   _p2p/swarm/messages {topic, message}  to the peers on its topic (≤ 16 KiB)                   [swarm]
 * GET    _p2p/events?after=&amp;wait=         long poll: messages, peers, logs that grew              [swarm or hypercore]
 * </pre>
 */
final class DappP2p implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DappP2p.class);

    /** Largest file a dApp adds or fetches through IPFS in one call. */
    static final int MAX_IPFS_BYTES = 1024 * 1024;
    /** Largest block a dApp appends to one of its logs. */
    static final int MAX_BLOCK_BYTES = 64 * 1024;
    /** Largest JSON body (a swarm message's text, escaped, fits). */
    static final int MAX_JSON_BYTES = 8 * DappSwarmMessages.MAX_MESSAGE_BYTES;
    /** Longest a page's long poll waits for an event. */
    static final long MAX_WAIT_MILLIS = 25_000;
    /** Longest a call waits for a stack (IPFS's and Hypercore's own timeouts are 30 s). */
    static final long CALL_SECONDS = 40;
    /** Longest joining a topic is waited for; the node goes on announcing after that. */
    static final long JOIN_SECONDS = 15;
    static final Pattern CID = Pattern.compile("[A-Za-z0-9]{8,128}");

    /** What a call answers: JSON, or bytes. */
    record Answer(int status, Object json, byte[] bytes) {
        static Answer json(int status, Object body) {
            return new Answer(status, body, null);
        }

        static Answer bytes(byte[] bytes) {
            return new Answer(200, null, bytes);
        }
    }

    /** The request body, read within a bound. */
    interface Body {
        byte[] read(int max, String tooBig) throws IOException, Refusal;
    }

    private final DappRegistry registry;
    private final IpfsService ipfs;
    private final SwarmService swarm;
    private final HypercoreService cores;
    private final Path dataDir;
    private final Clock clock;
    private final Map<String, DappSpace> spaces = new ConcurrentHashMap<>();
    private final List<AutoCloseable> handles = new ArrayList<>();

    DappP2p(DappRegistry registry, IpfsService ipfs, SwarmService swarm, HypercoreService cores, Path dataDir, Clock clock) {
        this.registry = registry;
        this.ipfs = ipfs;
        this.swarm = swarm;
        this.cores = cores;
        this.dataDir = dataDir;
        this.clock = clock;
        handles.add(swarm.onMessage(this::onMessage));
        handles.add(cores.onAppend(this::onAppend));
    }

    @Override
    public void close() {
        for (AutoCloseable handle : handles) {
            try {
                handle.close();
            } catch (Exception e) {
                LOG.debug("closing a listener: {}", e.getMessage());
            }
        }
        for (DappSpace space : spaces.values()) {
            space.events.close();
        }
    }

    // ---------------------------------------------------------------- dispatch

    Answer handle(String dappName, String method, String path, Map<String, String> query, Body body)
            throws Refusal, IOException, InterruptedException {
        Dapp dapp = registry.find(dappName).orElseThrow(
                () -> new Refusal(404, "No app named '" + dappName + "' is installed on this node."));
        String[] s = path == null || path.isEmpty() || path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
        String m = method.toUpperCase(Locale.ROOT);
        if (s.length == 0 || (s.length == 1 && s[0].equals("info"))) {
            return only(m, "GET", () -> Answer.json(200, info(dapp)));
        }
        switch (s[0]) {
            case "ipfs":
                require(dapp, DappPermission.IPFS);
                return ipfs(dapp, m, s, body);
            case "cores":
                require(dapp, DappPermission.HYPERCORE);
                return cores(dapp, m, s, body);
            case "swarm":
                require(dapp, DappPermission.SWARM);
                return swarm(dapp, m, s, body);
            case "events":
                if (!dapp.may(DappPermission.SWARM) && !dapp.may(DappPermission.HYPERCORE)) {
                    require(dapp, DappPermission.SWARM);
                }
                if (s.length != 1) {
                    throw notFound();
                }
                return only(m, "GET", () -> events(dapp, query));
            default:
                throw notFound();
        }
    }

    private interface Call {
        Answer run() throws Refusal, IOException, InterruptedException;
    }

    private static Answer only(String method, String allowed, Call call) throws Refusal, IOException, InterruptedException {
        if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
            throw new Refusal(405, "Use " + allowed + " here.");
        }
        return call.run();
    }

    private static Refusal notFound() {
        return new Refusal(404, "There is no such p2p endpoint for apps; see /sdk/p2pstack.d.ts for what there is.");
    }

    /** Throws 403 in plain words unless the dApp declared {@code permission}. */
    static void require(Dapp dapp, DappPermission permission) throws Refusal {
        if (!dapp.may(permission)) {
            throw new Refusal(403, "The " + dapp.name() + " app did not ask for " + what(permission) + ", so it cannot "
                    + permission.plainWords() + ". (Its maker can add " + permission.headerValue()
                    + " to P2PStack-Dapp-Permissions.)");
        }
    }

    private static String what(DappPermission permission) {
        switch (permission) {
            case IPFS:
                return "IPFS access";
            case HYPERCORE:
                return "Hypercore access";
            case SWARM:
                return "Hyperswarm access";
            default:
                return "'" + permission.headerValue() + "'";
        }
    }

    private DappSpace space(Dapp dapp) {
        return spaces.computeIfAbsent(dapp.name(), n -> new DappSpace(n, dataDir == null ? null : dataDir.resolve(n)));
    }

    private static Map<String, Object> info(Dapp dapp) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", dapp.name());
        answer.put("title", dapp.title());
        answer.put("description", dapp.description());
        answer.put("version", dapp.version());
        answer.put("url", dapp.url());
        List<String> permissions = new ArrayList<>();
        for (DappPermission p : DappPermission.values()) {
            if (dapp.may(p)) {
                permissions.add(p.headerValue());
            }
        }
        answer.put("permissions", permissions);
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("ipfsBytes", MAX_IPFS_BYTES);
        limits.put("blockBytes", MAX_BLOCK_BYTES);
        limits.put("messageBytes", DappSwarmMessages.MAX_MESSAGE_BYTES);
        limits.put("topics", DappSpace.MAX_TOPICS);
        limits.put("cores", DappSpace.MAX_OWN_CORES);
        limits.put("remoteCores", DappSpace.MAX_REMOTE_CORES);
        limits.put("pins", DappSpace.MAX_PINS);
        answer.put("limits", limits);
        return answer;
    }

    // ---------------------------------------------------------------- IPFS

    private Answer ipfs(Dapp dapp, String m, String[] s, Body body) throws Refusal, IOException, InterruptedException {
        DappSpace space = space(dapp);
        if (s.length == 1) {
            return only(m, "POST", () -> ipfsAdd(space, body));
        }
        if (s.length == 2 && s[1].equals("pins")) {
            return only(m, "GET", () -> {
                synchronized (space) {
                    return Answer.json(200, Map.of("pins", new ArrayList<>(space.pins.keySet())));
                }
            });
        }
        if (s.length == 3 && s[1].equals("pins")) {
            String cid = cid(s[2]);
            if (m.equals("PUT")) {
                return pin(space, cid);
            }
            return only(m, "DELETE", () -> unpin(space, cid));
        }
        if (s.length == 2) {
            String cid = cid(s[1]);
            return only(m, "GET", () -> ipfsGet(cid));
        }
        throw notFound();
    }

    static String cid(String value) throws Refusal {
        if (value == null || !CID.matcher(value).matches()) {
            throw new Refusal(400, "That is not an IPFS content id (CID).");
        }
        return value;
    }

    private Answer ipfsAdd(DappSpace space, Body body) throws Refusal, IOException {
        byte[] bytes = body.read(MAX_IPFS_BYTES, "Apps can store at most 1 MiB in IPFS at a time.");
        synchronized (space) {
            if (space.pins.size() >= DappSpace.MAX_PINS) {
                throw new Refusal(507, "The " + space.name + " app keeps " + DappSpace.MAX_PINS
                        + " files already, the most an app may keep. Unpin some first.");
            }
        }
        String cid;
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            cid = ipfs.add(in, new AddOptions(1, false));
        }
        pin(space, cid);
        return Answer.json(201, Map.of("cid", cid, "size", bytes.length));
    }

    private Answer pin(DappSpace space, String cid) throws Refusal, IOException {
        synchronized (space) {
            if (!space.pins.containsKey(cid)) {
                if (space.pins.size() >= DappSpace.MAX_PINS) {
                    throw new Refusal(507, "The " + space.name + " app keeps " + DappSpace.MAX_PINS
                            + " files already, the most an app may keep. Unpin some first.");
                }
                boolean before = ipfs.pins().contains(cid) || pinnedByOtherDapp(space, cid);
                if (!before) {
                    ipfs.pin(cid);
                }
                space.pins.put(cid, before);
                space.savePins();
            }
        }
        return Answer.json(200, Map.of("cid", cid, "pinned", true));
    }

    private boolean pinnedByOtherDapp(DappSpace space, String cid) {
        for (DappSpace other : spaces.values()) {
            if (other != space) {
                synchronized (other) {
                    if (other.pins.containsKey(cid)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private Answer unpin(DappSpace space, String cid) throws Refusal, IOException {
        synchronized (space) {
            Boolean before = space.pins.get(cid);
            if (before == null) {
                throw new Refusal(404, "The " + space.name + " app has not pinned that file.");
            }
            space.pins.remove(cid);
            space.savePins();
            if (!before && !pinnedByOtherDapp(space, cid)) {
                ipfs.unpin(cid); // it was this dApp's own pin; a pin the owner or another app made stays
            }
        }
        return Answer.json(200, Map.of("cid", cid, "pinned", false));
    }

    private Answer ipfsGet(String cid) throws Refusal, IOException {
        long size = ipfs.size(cid);
        if (size > MAX_IPFS_BYTES) {
            throw new Refusal(413, "That file is larger than 1 MiB; apps can fetch at most 1 MiB at a time.");
        }
        try (InputStream in = ipfs.cat(cid, 0, MAX_IPFS_BYTES)) {
            return Answer.bytes(in.readNBytes(MAX_IPFS_BYTES));
        }
    }

    // ---------------------------------------------------------------- Hypercore

    private Answer cores(Dapp dapp, String m, String[] s, Body body) throws Refusal, IOException, InterruptedException {
        DappSpace space = space(dapp);
        if (s.length == 1) {
            if (m.equals("POST")) {
                String name = DappNamespace.checkName("log", string(json(body), "name"));
                return openOwn(space, name);
            }
            return only(m, "GET", () -> listCores(space));
        }
        if (s.length == 2 && s[1].equals("remote")) {
            return only(m, "POST", () -> openRemote(space, DappNamespace.checkKey(string(json(body), "key"))));
        }
        String key = DappNamespace.checkKey(s[1]);
        synchronized (space) {
            if (!space.hasCore(key)) {
                throw new Refusal(404, "The " + space.name + " app has not opened that log; open it first.");
            }
        }
        if (s.length == 2) {
            return only(m, "GET", () -> Answer.json(200, coreJson(space, current(space, key))));
        }
        if (s.length == 3 && s[2].equals("blocks")) {
            return only(m, "POST", () -> append(space, key, body));
        }
        if (s.length == 4 && s[2].equals("blocks")) {
            long index;
            try {
                index = Long.parseLong(s[3]);
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index < 0 || index > (1L << 53)) {
                throw new Refusal(400, "A block number is 0 or more.");
            }
            long i = index;
            return only(m, "GET", () -> Answer.bytes(await(cores.get(key, i), CALL_SECONDS,
                    "Nobody who has block " + i + " of that log answered in time.")));
        }
        throw notFound();
    }

    private Answer openOwn(DappSpace space, String name) throws Refusal, InterruptedException {
        synchronized (space) {
            if (!space.ownCores.containsValue(name) && space.ownCores.size() >= DappSpace.MAX_OWN_CORES) {
                throw new Refusal(409, "An app may keep at most " + DappSpace.MAX_OWN_CORES + " logs of its own.");
            }
        }
        HypercoreInfo info = await(cores.open(DappNamespace.coreName(space.name, name)), CALL_SECONDS,
                "The Hypercore stack did not open the log in time; it may still be starting.");
        synchronized (space) {
            space.ownCores.put(info.key(), name);
            space.heard(info);
        }
        return Answer.json(200, coreJson(space, info));
    }

    private Answer openRemote(DappSpace space, String key) throws Refusal, InterruptedException {
        synchronized (space) {
            if (space.hasCore(key)) {
                return Answer.json(200, coreJson(space, current(space, key)));
            }
            if (space.remoteCores.size() >= DappSpace.MAX_REMOTE_CORES) {
                throw new Refusal(409, "An app may follow at most " + DappSpace.MAX_REMOTE_CORES + " other people's logs.");
            }
        }
        for (HypercoreInfo open : cores.cores()) {
            if (open.key().equals(key) && (open.writable() || !open.name().isEmpty())) {
                // one of this node's own logs (chat, another app): not this app's to read through here
                throw new Refusal(403, "That log belongs to this node, not to the " + space.name + " app.");
            }
        }
        HypercoreInfo info = await(cores.openRemote(key), CALL_SECONDS,
                "The Hypercore stack did not open that log in time; it may still be starting.");
        if (info.writable()) {
            throw new Refusal(403, "That log belongs to this node, not to the " + space.name + " app.");
        }
        synchronized (space) {
            space.remoteCores.add(key);
            space.heard(info);
        }
        return Answer.json(200, coreJson(space, info));
    }

    private Answer listCores(DappSpace space) {
        List<HypercoreInfo> open = cores.cores();
        List<Object> list = new ArrayList<>();
        synchronized (space) {
            for (HypercoreInfo info : open) {
                if (space.hasCore(info.key())) {
                    space.heard(info);
                }
            }
            List<String> keys = new ArrayList<>(space.ownCores.keySet());
            keys.addAll(space.remoteCores);
            for (String key : keys) {
                HypercoreInfo info = space.lastInfo.get(key);
                if (info != null) {
                    list.add(coreJson(space, info));
                }
            }
        }
        return Answer.json(200, Map.of("cores", list));
    }

    /** The log's state now: from the swarm's list of open cores, or (while that is busy) the newest heard. */
    private HypercoreInfo current(DappSpace space, String key) throws Refusal {
        for (HypercoreInfo info : cores.cores()) {
            if (info.key().equals(key)) {
                synchronized (space) {
                    space.heard(info);
                }
                break;
            }
        }
        synchronized (space) {
            HypercoreInfo info = space.lastInfo.get(key);
            if (info == null) {
                throw new Refusal(409, "That log is not open on this node any more (did the node restart?); open it again.");
            }
            return info;
        }
    }

    private Answer append(DappSpace space, String key, Body body) throws Refusal, IOException, InterruptedException {
        synchronized (space) {
            if (!space.ownCores.containsKey(key)) {
                throw new Refusal(403, "Only the " + space.name + " app's own logs can be written to; this one is someone else's.");
            }
        }
        byte[] block = body.read(MAX_BLOCK_BYTES, "A block of a log may hold at most 64 KiB.");
        if (block.length == 0) {
            throw new Refusal(400, "A block cannot be empty.");
        }
        long length = await(cores.append(key, block), CALL_SECONDS, "The Hypercore stack did not write the block in time.");
        synchronized (space) {
            HypercoreInfo known = space.lastInfo.get(key);
            if (known != null) {
                space.heard(new HypercoreInfo(key, known.name(), length, known.writable(), known.peers()));
            }
        }
        return Answer.json(200, Map.of("key", key, "length", length));
    }

    private static Map<String, Object> coreJson(DappSpace space, HypercoreInfo info) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("key", info.key());
        String own;
        synchronized (space) {
            own = space.ownCores.get(info.key());
        }
        answer.put("name", own == null ? "" : own);
        answer.put("length", info.length());
        answer.put("writable", own != null && info.writable());
        answer.put("peers", info.peers());
        return answer;
    }

    // ---------------------------------------------------------------- Hyperswarm

    private Answer swarm(Dapp dapp, String m, String[] s, Body body) throws Refusal, IOException, InterruptedException {
        DappSpace space = space(dapp);
        if (s.length == 2 && s[1].equals("topics")) {
            if (m.equals("POST")) {
                return join(space, DappNamespace.checkName("topic", string(json(body), "topic")));
            }
            return only(m, "GET", () -> topics(space));
        }
        if (s.length == 3 && s[1].equals("topics")) {
            String topic = DappNamespace.checkName("topic", s[2]);
            return only(m, "DELETE", () -> leave(space, topic));
        }
        if (s.length == 2 && s[1].equals("messages")) {
            return only(m, "POST", () -> {
                JsonObject o = json(body);
                return send(space, DappNamespace.checkName("topic", string(o, "topic")), string(o, "message"));
            });
        }
        throw notFound();
    }

    private Answer join(DappSpace space, String topic) throws Refusal, InterruptedException {
        String hex = DappNamespace.topicHex(space.name, topic);
        synchronized (space) {
            if (!space.topics.containsKey(topic) && space.topics.size() >= DappSpace.MAX_TOPICS) {
                throw new Refusal(409, "An app may be on at most " + DappSpace.MAX_TOPICS + " topics at once; leave one first.");
            }
            space.topics.put(topic, hex);
            space.topicPeers.putIfAbsent(topic, new HashSet<>());
        }
        boolean announced = true;
        try {
            await(swarm.join(DappNamespace.topic(space.name, topic), true, true), JOIN_SECONDS, "timeout");
        } catch (Refusal e) {
            announced = false; // the swarm goes on announcing; peers may still come
        }
        return Answer.json(200, Map.of("topic", topic, "announced", announced, "peers", peersOn(hex)));
    }

    private Answer leave(DappSpace space, String topic) throws Refusal, InterruptedException {
        String hex;
        synchronized (space) {
            hex = space.topics.remove(topic);
            space.topicPeers.remove(topic);
        }
        if (hex != null) {
            await(swarm.leave(DappNamespace.topic(space.name, topic)), CALL_SECONDS, "The swarm did not leave the topic in time.");
        }
        return Answer.json(200, Map.of("topic", topic, "joined", false));
    }

    private Answer topics(DappSpace space) {
        Map<String, String> topics;
        synchronized (space) {
            topics = new LinkedHashMap<>(space.topics);
        }
        List<Object> list = new ArrayList<>();
        topics.forEach((name, hex) -> list.add(Map.of("topic", name, "peers", peersOn(hex))));
        return Answer.json(200, Map.of("topics", list));
    }

    private List<String> peersOn(String hex) {
        List<String> out = new ArrayList<>();
        for (SwarmPeer peer : swarm.peers()) {
            if (peer.isOn(hex)) {
                out.add(peer.publicKey());
            }
        }
        return out;
    }

    private Answer send(DappSpace space, String topic, String message) throws Refusal {
        if (message == null) {
            throw new Refusal(400, "Say what to send: 'message' is missing.");
        }
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > DappSwarmMessages.MAX_MESSAGE_BYTES) {
            throw new Refusal(413, "A message may be at most 16 KiB.");
        }
        String hex;
        synchronized (space) {
            hex = space.topics.get(topic);
        }
        if (hex == null) {
            throw new Refusal(409, "The " + space.name + " app is not on the topic '" + topic + "'; join it first.");
        }
        if (!space.maySend(clock.millis())) {
            throw new Refusal(429, "The " + space.name + " app is sending too many messages; at most "
                    + DappSpace.SEND_BURST + " every " + DappSpace.SEND_WINDOW_MILLIS / 1000 + " seconds.");
        }
        byte[] wire = DappSwarmMessages.encode(space.name, topic, bytes);
        int sent = 0;
        for (String peer : peersOn(hex)) {
            swarm.send(peer, wire).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.debug("dApp {}: message to {} not sent: {}", space.name, peer, e.getMessage());
                }
            });
            sent++;
        }
        return Answer.json(200, Map.of("topic", topic, "sentTo", sent));
    }

    // ---------------------------------------------------------------- events

    private Answer events(Dapp dapp, Map<String, String> query) throws Refusal, InterruptedException {
        DappSpace space = space(dapp);
        long after = number(query.get("after"), 0);
        long wait = Math.min(MAX_WAIT_MILLIS, Math.max(0, number(query.get("wait"), MAX_WAIT_MILLIS / 1000) * 1000));
        if (space.waiting.incrementAndGet() > DappSpace.MAX_WAITING) {
            space.waiting.decrementAndGet();
            throw new Refusal(429, "Too many pages of the " + dapp.name() + " app are waiting for news at once; close some tabs.");
        }
        try {
            EventLog.Batch batch = space.events.after(after, wait);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("next", batch.next());
            answer.put("missed", batch.missed());
            answer.put("events", batch.events());
            return Answer.json(200, answer);
        } finally {
            space.waiting.decrementAndGet();
        }
    }

    private static long number(String value, long otherwise) {
        try {
            return value == null ? otherwise : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** A swarm message: handed only to the dApp it names, only on a topic that dApp is on, only while it may use the swarm. */
    void onMessage(SwarmMessage message) {
        if (!DappSwarmMessages.isDapp(message.data())) {
            return; // chat, directory gossip, ...
        }
        Optional<DappSwarmMessages.Received> received = DappSwarmMessages.decode(message.data());
        if (received.isEmpty()) {
            return;
        }
        DappSwarmMessages.Received r = received.get();
        DappSpace space = spaces.get(r.dapp());
        if (space == null || !DappSwarmMessages.isFor(message.data(), space.name)) {
            return;
        }
        synchronized (space) {
            if (!space.topics.containsKey(r.topic())) {
                return;
            }
        }
        Optional<Dapp> dapp = registry.find(space.name);
        if (dapp.isEmpty() || !dapp.get().may(DappPermission.SWARM)) {
            return;
        }
        if (!space.mayReceive(message.peerKey(), clock.millis())) {
            return; // a peer sending faster than any dApp needs
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "message");
        event.put("topic", r.topic());
        event.put("from", message.peerKey());
        event.put("message", new String(r.message(), StandardCharsets.UTF_8));
        space.events.add(event);
    }

    void onAppend(HypercoreInfo info) {
        for (DappSpace space : spaces.values()) {
            boolean mine;
            synchronized (space) {
                mine = space.hasCore(info.key());
                if (mine) {
                    space.heard(info);
                }
            }
            if (mine) {
                space.events.add(Map.of("type", "append", "key", info.key(), "length", info.length()));
            }
        }
    }

    /**
     * Run every few seconds: tells each dApp about new peers on its topics, and forgets the dApps that were removed
     * (their topics are left; their logs stay on disk, their pins stay until the owner removes them).
     */
    void tick() {
        List<SwarmPeer> peers = null;
        for (DappSpace space : new ArrayList<>(spaces.values())) {
            if (registry.find(space.name).isEmpty()) {
                forget(space);
                continue;
            }
            Map<String, String> topics;
            synchronized (space) {
                topics = new LinkedHashMap<>(space.topics);
            }
            if (topics.isEmpty()) {
                continue;
            }
            if (peers == null) {
                peers = swarm.peers();
            }
            for (Map.Entry<String, String> topic : topics.entrySet()) {
                Set<String> now = new HashSet<>();
                for (SwarmPeer peer : peers) {
                    if (peer.isOn(topic.getValue())) {
                        now.add(peer.publicKey());
                    }
                }
                Set<String> fresh = new HashSet<>(now);
                synchronized (space) {
                    Set<String> seen = space.topicPeers.computeIfAbsent(topic.getKey(), t -> new HashSet<>());
                    fresh.removeAll(seen);
                    seen.clear();
                    seen.addAll(now);
                }
                for (String peer : fresh) {
                    space.events.add(Map.of("type", "peer", "topic", topic.getKey(), "peer", peer));
                }
            }
        }
    }

    private void forget(DappSpace space) {
        spaces.remove(space.name, space);
        space.events.close();
        List<String> topics;
        synchronized (space) {
            topics = new ArrayList<>(space.topics.keySet());
            space.topics.clear();
        }
        for (String topic : topics) {
            swarm.leave(DappNamespace.topic(space.name, topic));
        }
        LOG.info("dApp {} is gone: left its {} swarm topic(s)", space.name, topics.size());
    }

    /**
     * Releases everything this node keeps for a removed dApp, as its owner asked: leaves its topics, unpins what it
     * pinned (never a pin that was there before it), and deletes its folder. Its logs stay in the swarm's store (the
     * swarm has no way to delete a log), but nothing refers to them any more.
     */
    String release(String name) {
        if (registry.find(name).isPresent() || !DappNamespace.DAPP.matcher(name).matches()) {
            return "";
        }
        DappSpace space = spaces.computeIfAbsent(name, n -> new DappSpace(n, dataDir == null ? null : dataDir.resolve(n)));
        forget(space);
        int unpinned = 0;
        List<String> mine;
        synchronized (space) {
            mine = space.pins.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
            space.pins.clear();
        }
        for (String cid : mine) {
            try {
                ipfs.unpin(cid);
                unpinned++;
            } catch (IOException e) {
                LOG.debug("unpinning {} for {}: {}", cid, name, e.getMessage());
            }
        }
        if (dataDir != null) {
            deleteTree(dataDir.resolve(name));
        }
        return unpinned == 0 ? "" : unpinned + " pinned file" + (unpinned == 1 ? "" : "s") + " unpinned";
    }

    private static void deleteTree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("deleting {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.debug("deleting {}: {}", dir, e.getMessage());
        }
    }

    /** For tests and the console: the dApps with p2p state now. */
    Set<String> active() {
        return Set.copyOf(spaces.keySet());
    }

    // ---------------------------------------------------------------- helpers

    private static JsonObject json(Body body) throws Refusal, IOException {
        byte[] bytes = body.read(MAX_JSON_BYTES, "The request is too large.");
        try {
            JsonElement root = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            if (!root.isJsonObject()) {
                throw new Refusal(400, "The request must be a JSON object.");
            }
            return root.getAsJsonObject();
        } catch (JsonParseException | StackOverflowError e) {
            throw new Refusal(400, "The request is not valid JSON.");
        }
    }

    private static String string(JsonObject o, String key) throws Refusal {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new Refusal(400, "'" + key + "' must be text.");
        }
        return e.getAsString();
    }

    /** Waits for a stack's answer within {@code seconds}; its failure becomes plain words (502) or {@code late} (504). */
    private static <T> T await(CompletionStage<T> stage, long seconds, String late) throws Refusal, InterruptedException {
        try {
            return stage.toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new Refusal(504, late);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new Refusal(502, "The network stack could not do that: " + detail);
        }
    }

    /** Copies of the state, for tests. */
    Map<String, Object> describe(String dapp) {
        DappSpace space = spaces.get(dapp);
        if (space == null) {
            return Map.of();
        }
        synchronized (space) {
            Map<String, Object> out = new HashMap<>();
            out.put("topics", new LinkedHashMap<>(space.topics));
            out.put("ownCores", new LinkedHashMap<>(space.ownCores));
            out.put("remoteCores", new ArrayList<>(space.remoteCores));
            out.put("pins", new LinkedHashMap<>(space.pins));
            return out;
        }
    }
}
