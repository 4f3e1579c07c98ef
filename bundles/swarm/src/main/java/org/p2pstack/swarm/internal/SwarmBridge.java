package org.p2pstack.swarm.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.api.swarm.HypercoreService;
import org.p2pstack.api.swarm.SwarmMessage;
import org.p2pstack.api.swarm.SwarmPeer;
import org.p2pstack.api.swarm.SwarmService;
import org.p2pstack.swarm.internal.js.JsEngine;
import org.p2pstack.swarm.internal.js.SwarmRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The swarm stack without OSGi: a GraalJS engine and runtime with the Holepunch bundle, {@code swarm-node.js}
 * started in it, and the {@link SwarmService}/{@link HypercoreService} calls made on the runtime's event loop.
 * {@link #restart()} builds a fresh engine and runtime with the same key and joins and opens again what was
 * joined and opened before, so users of the services keep working with the same keys.
 */
public final class SwarmBridge implements SwarmService, HypercoreService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SwarmBridge.class);

    /** How long a status query waits for the JS event loop before answering with the last known status. */
    static final long STATUS_WAIT_MILLIS = 300;
    /** How long the engine may leave a ping unanswered before it counts as hung. */
    static final long HUNG_MILLIS = 30_000;

    /** What one start of {@code swarm-node.js} is given. */
    public record Settings(String seed, BootstrapList bootstrap, int port, String host, boolean firewalled,
            boolean localBootstrap, boolean announceCores) {

        JsonObject toJson() {
            JsonObject cfg = new JsonObject();
            cfg.addProperty("seed", seed);
            cfg.add("bootstrap", bootstrap.toJson());
            cfg.addProperty("port", port);
            cfg.addProperty("host", host);
            cfg.addProperty("firewalled", firewalled);
            cfg.addProperty("localBootstrap", localBootstrap);
            cfg.addProperty("announceCores", announceCores);
            cfg.addProperty("storage", "corestore");
            return cfg;
        }
    }

    /** What {@code swarm-node.js} says about itself. */
    public record Snapshot(int peers, List<String> topics, int dhtNodes, int port, int cores) {

        static Snapshot of(JsonObject s) {
            List<String> topics = new ArrayList<>();
            s.getAsJsonArray("topics").forEach(t -> topics.add(t.getAsString()));
            return new Snapshot(s.get("peers").getAsInt(), List.copyOf(topics), s.get("dhtNodes").getAsInt(),
                    s.get("port").getAsInt(), s.get("cores").getAsInt());
        }
    }

    private final Path storageRoot;
    // read at every start, so a restart picks up the key file and the bootstrap override again
    private final Callable<Settings> settings;
    private final CopyOnWriteArrayList<Consumer<SwarmMessage>> listeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<SwarmPeer>> connectionListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<HypercoreInfo>> appendListeners = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile JsEngine engine;
    private volatile SwarmRuntime runtime;
    private volatile String publicKey = "";
    private volatile boolean closing;

    private volatile JsonObject lastStatus;
    private volatile CompletableFuture<String> statusRequest;
    private volatile CompletableFuture<String> ping;
    private volatile long pingSentNanos;
    /** Results still waiting on the JS side: failed at once when the engine breaks, so no caller hangs. */
    private final Set<CompletableFuture<?>> waiting = ConcurrentHashMap.newKeySet();
    /** What the JS side must have again after a restart: topics joined (hex → server, client) and cores opened. */
    private final Map<String, boolean[]> joinedTopics = new ConcurrentHashMap<>();
    private final Set<String> openedCores = ConcurrentHashMap.newKeySet();
    private final Set<String> openedRemoteCores = ConcurrentHashMap.newKeySet();

    /**
     * @param storageRoot where the cores are stored
     * @param settings    what each start gives {@code swarm-node.js}
     */
    public SwarmBridge(Path storageRoot, Callable<Settings> settings) {
        this.storageRoot = storageRoot;
        this.settings = settings;
    }

    // ---------------------------------------------------------------- lifecycle

    /** The first start; the first context takes seconds. Calls made meanwhile wait for it. */
    public void start() throws Exception {
        CompletableFuture<Void> started = ready;
        try {
            boot();
            started.complete(null);
        } catch (Throwable t) {
            started.completeExceptionally(t);
            throw t;
        }
    }

    /** A new engine and runtime with the Holepunch bundle, the swarm started with the settings' key. */
    private void boot() throws Exception {
        Settings s = settings.call();
        engine = new JsEngine();
        if (closing) {
            return;
        }
        runtime = new SwarmRuntime(engine, storageRoot, "swarm-js");
        if (closing) {
            return;
        }
        JsonObject cfg = s.toJson();
        Value key = await(ctx -> {
            runtime.loop().evalResource("swarm-node.js");
            return node(ctx).invokeMember("start", ctx.eval("js", "(" + cfg + ")"), new SwarmNodeHost());
        }).toCompletableFuture().get(2, TimeUnit.MINUTES);
        publicKey = key.asString();
        LOG.info("swarm stack running, public key {}, DHT port {}", publicKey, s.port());
    }

    /**
     * A fresh engine and runtime: calls waiting on the old one fail at once, calls made meanwhile wait for
     * the new one, and the topics and cores of before are joined and opened again.
     */
    public synchronized void restart() throws Exception {
        CompletableFuture<Void> next = new CompletableFuture<>();
        ready = next;
        IllegalStateException broken = new IllegalStateException("the JavaScript engine stopped; the swarm stack is restarting");
        List.copyOf(waiting).forEach(f -> f.completeExceptionally(broken));
        teardown();
        lastStatus = null;
        statusRequest = null;
        ping = null;
        try {
            boot();
        } catch (Exception | LinkageError e) {
            next.completeExceptionally(e);
            throw e;
        }
        restore();
        next.complete(null);
    }

    private void restore() {
        for (String name : openedCores) {
            try {
                await(ctx -> node(ctx).invokeMember("coreOpen", name)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("could not reopen core {} after the restart", name, e);
            }
        }
        for (String key : openedRemoteCores) {
            try {
                await(ctx -> node(ctx).invokeMember("coreOpenRemote", key)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("could not reopen core {} after the restart", key, e);
            }
        }
        for (Map.Entry<String, boolean[]> topic : joinedTopics.entrySet()) {
            boolean[] roles = topic.getValue();
            try {
                await(ctx -> node(ctx).invokeMember("join", topic.getKey(), roles[0], roles[1])).toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("could not join topic {} again after the restart", topic.getKey(), e);
            }
        }
    }

    /** A start still in progress gives up after its current step; {@link #close()} follows. */
    public void stopStarting() {
        closing = true;
    }

    /** Stops the swarm (when the engine still answers) and closes the runtime and the engine. */
    @Override
    public synchronized void close() {
        closing = true;
        teardown();
    }

    private void teardown() {
        SwarmRuntime rt = runtime;
        if (rt != null) {
            if (rt.loop().death().isEmpty()) {
                try {
                    await(ctx -> node(ctx).invokeMember("stop")).toCompletableFuture().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.debug("stopping the swarm", e);
                }
            }
            runtime = null;
            rt.close();
        }
        JsEngine e = engine;
        engine = null;
        if (e != null) {
            e.close();
        }
    }

    /** True until the current start (or restart) has finished, well or badly. */
    public boolean starting() {
        return !ready.isDone();
    }

    /** True when GraalJS runs with the optimizing compiler. */
    public boolean jit() {
        JsEngine e = engine;
        return e != null && !e.isInterpreted();
    }

    /**
     * An engine whose loop thread died, or one that has not answered a ping for {@link #HUNG_MILLIS}; empty
     * while starting. Pings are queued behind the loop's other work, so a busy engine still answers.
     */
    public Optional<String> problem() {
        SwarmRuntime rt = runtime;
        if (!ready.isDone() || rt == null) {
            return Optional.empty(); // starting or restarting
        }
        Optional<Throwable> death = rt.loop().death();
        if (death.isPresent()) {
            return Optional.of("The JavaScript engine stopped (" + death.get().getMessage() + ")");
        }
        CompletableFuture<String> last = ping;
        if (last == null || last.isDone()) {
            pingSentNanos = System.nanoTime();
            ping = rt.loop().submit(ctx -> "pong");
            return Optional.empty();
        }
        long waitedMillis = (System.nanoTime() - pingSentNanos) / 1_000_000;
        return waitedMillis > HUNG_MILLIS
                ? Optional.of("The JavaScript engine has not answered for " + waitedMillis / 1000 + " s")
                : Optional.empty();
    }

    /** Kills the event loop, as an internal engine error would. */
    public void injectFault() {
        SwarmRuntime rt = runtime;
        if (rt != null) {
            rt.loop().injectFault();
        }
    }

    /**
     * The JS side's status, or null before the first answer. A busy event loop must not stall
     * {@code /api/status}: this waits at most {@link #STATUS_WAIT_MILLIS} for a fresh answer and otherwise
     * gives the last one it had.
     */
    public Snapshot snapshot() {
        JsonObject s = statusJson();
        return s == null ? null : Snapshot.of(s);
    }

    private JsonObject statusJson() {
        if (!ready.isDone() || ready.isCompletedExceptionally()) {
            return lastStatus;
        }
        CompletableFuture<String> fresh = statusRequest;
        if (fresh == null || fresh.isDone()) {
            fresh = runtime.loop().submit(ctx -> node(ctx).invokeMember("status").asString());
            statusRequest = fresh;
        }
        try {
            lastStatus = JsonParser.parseString(fresh.get(STATUS_WAIT_MILLIS, TimeUnit.MILLISECONDS)).getAsJsonObject();
        } catch (Exception busyOrFailed) {
            // keep the last status; the request still in flight is reused by the next call
        }
        return lastStatus;
    }

    // ---------------------------------------------------------------- calls into JS

    /** Runs {@code fn} on the loop; if it returns a promise, completes with what the promise resolves to. */
    private CompletionStage<Value> await(Function<Context, Value> fn) {
        CompletableFuture<Value> result = new CompletableFuture<>();
        SwarmRuntime rt = runtime;
        if (rt == null) {
            result.completeExceptionally(new IllegalStateException("the swarm stack is not running"));
            return result;
        }
        waiting.add(result);
        result.whenComplete((v, t) -> waiting.remove(result));
        if (rt.loop().death().isPresent()) {
            result.completeExceptionally(new IllegalStateException("the JavaScript engine stopped; the swarm stack is restarting"));
            return result;
        }
        rt.loop().execute(() -> {
            try {
                Value v = fn.apply(rt.loop().context());
                if (v != null && v.canInvokeMember("then")) {
                    v.invokeMember("then", (ProxyExecutable) args -> {
                        result.complete(args.length > 0 ? args[0] : null);
                        return null;
                    }, (ProxyExecutable) args -> {
                        result.completeExceptionally(new IllegalStateException(args.length > 0 ? args[0].toString() : "failed"));
                        return null;
                    });
                } else {
                    result.complete(v);
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static Value node(Context ctx) {
        return ctx.getBindings("js").getMember("p2pstackNode");
    }

    /** Loop thread: puts {@code data} at the start of the scratch buffer, growing it through JS so both sides agree. */
    private void putScratch(Context ctx, byte[] data) {
        ctx.getBindings("js").getMember("__p2pstackScratch").execute(data.length);
        System.arraycopy(data, 0, runtime.loop().scratch().array(), 0, data.length);
    }

    private CompletionStage<Value> call(String method, Object... args) {
        return ready.thenCompose(v -> await(ctx -> node(ctx).invokeMember(method, args)));
    }

    /** A quick read of JS state for lists; null when not running or the loop is busy for long. */
    private Value sync(Function<Context, Value> fn) {
        if (!ready.isDone() || ready.isCompletedExceptionally()) {
            return null;
        }
        try {
            // copy to a string on the loop: JS values must not leave it
            String s = runtime.loop().submit(ctx -> fn.apply(ctx).asString()).get(2, TimeUnit.SECONDS);
            return Value.asValue(s);
        } catch (Exception e) {
            return null;
        }
    }

    private static JsonElement json(Value v) {
        return JsonParser.parseString(v.asString());
    }

    // ---------------------------------------------------------------- SwarmService

    @Override
    public String publicKey() {
        return publicKey;
    }

    @Override
    public CompletionStage<Void> join(byte[] topic, boolean server, boolean client) {
        String hex = hexTopic(topic);
        return call("join", hex, server, client).thenApply(v -> {
            joinedTopics.put(hex, new boolean[] { server, client });
            return null;
        });
    }

    @Override
    public CompletionStage<Void> leave(byte[] topic) {
        String hex = hexTopic(topic);
        return call("leave", hex).thenApply(v -> {
            joinedTopics.remove(hex);
            return null;
        });
    }

    private static String hexTopic(byte[] topic) {
        if (topic == null || topic.length != 32) {
            throw new IllegalArgumentException("a topic is 32 bytes");
        }
        return HexFormat.of().formatHex(topic);
    }

    @Override
    public List<String> topics() {
        Snapshot s = snapshot();
        return s == null ? new ArrayList<>() : new ArrayList<>(s.topics());
    }

    @Override
    public List<SwarmPeer> peers() {
        List<SwarmPeer> out = new ArrayList<>();
        Value v = sync(ctx -> node(ctx).invokeMember("peers"));
        if (v != null) {
            for (JsonElement e : json(v).getAsJsonArray()) {
                JsonObject p = e.getAsJsonObject();
                out.add(new SwarmPeer(p.get("publicKey").getAsString(), p.get("host").getAsString(), p.get("port").getAsInt(),
                        p.get("initiator").getAsBoolean(), topicList(p.get("topics"))));
            }
        }
        return out;
    }

    /** The topics of a peer as swarm-node.js lists them (hex strings); anything else is no topic. */
    static List<String> topicList(JsonElement topics) {
        List<String> out = new ArrayList<>();
        if (topics != null && topics.isJsonArray()) {
            for (JsonElement t : topics.getAsJsonArray()) {
                if (t.isJsonPrimitive() && t.getAsJsonPrimitive().isString()) {
                    out.add(t.getAsString());
                }
            }
        }
        return out;
    }

    @Override
    public int dhtPort() {
        Snapshot s = snapshot();
        return s == null ? 0 : s.port();
    }

    @Override
    public CompletionStage<Void> meet(String peerKey, String host, int port) {
        try {
            checkMeeting(peerKey, host, port);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedStage(e);
        }
        return call("meet", peerKey, host, port).thenApply(v -> null);
    }

    @Override
    public void forgetMeeting(String peerKey) {
        if (peerKey != null && PEER_KEY.matcher(peerKey).matches()) {
            call("forgetMeeting", peerKey);
        }
    }

    private static final java.util.regex.Pattern PEER_KEY = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    /** An IPv4 or IPv6 address written out, which {@code InetAddress.getByName} parses without looking anything up. */
    static boolean isIpLiteral(String host) {
        return host != null && host.length() <= 45 && (host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || host.contains(":"));
    }

    /** A meeting is only with a well-formed key at an IP address (never a name to resolve) and a real port. */
    static void checkMeeting(String peerKey, String host, int port) {
        if (peerKey == null || !PEER_KEY.matcher(peerKey).matches()) {
            throw new IllegalArgumentException("a peer key is 64 lowercase hex characters");
        }
        if (!isIpLiteral(host)) {
            throw new IllegalArgumentException("a peer is met at an IP address, not '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    @Override
    public CompletionStage<Void> send(String peerKey, byte[] message) {
        byte[] copy = message.clone();
        return ready.thenCompose(r -> await(ctx -> {
            putScratch(ctx, copy);
            return node(ctx).invokeMember("send", peerKey, copy.length);
        })).thenApply(v -> null);
    }

    @Override
    public AutoCloseable onMessage(Consumer<SwarmMessage> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public AutoCloseable onConnection(Consumer<SwarmPeer> listener) {
        connectionListeners.add(listener);
        return () -> connectionListeners.remove(listener);
    }

    @Override
    public AutoCloseable onAppend(Consumer<HypercoreInfo> listener) {
        appendListeners.add(listener);
        return () -> appendListeners.remove(listener);
    }

    /** The host object {@code swarm-node.js} calls back (loop thread). */
    public final class SwarmNodeHost {
        @HostAccess.Export
        public void message(String peerKey, int len) {
            byte[] data = new byte[len];
            System.arraycopy(runtime.loop().scratch().array(), 0, data, 0, len);
            fire(listeners, new SwarmMessage(peerKey, data), "message");
        }

        @HostAccess.Export
        public void event(String kind, String peerKey) {
            LOG.info("swarm {} {}", kind, peerKey);
        }

        @HostAccess.Export
        public void connection(String peerKey, String host, int port, boolean initiator, String topicsJson) {
            LOG.info("swarm connection {} at {}:{} ({})", peerKey, host, port, initiator ? "we connected" : "they connected");
            fire(connectionListeners, new SwarmPeer(peerKey, host, port, initiator, topicList(JsonParser.parseString(topicsJson))),
                    "connection");
        }

        @HostAccess.Export
        public void append(String coreJson) {
            fire(appendListeners, info(JsonParser.parseString(coreJson).getAsJsonObject()), "append");
        }
    }

    /** Loop thread: listeners must not block it for long; one failing listener does not stop the others. */
    private static <T> void fire(List<Consumer<T>> targets, T event, String what) {
        for (Consumer<T> l : targets) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("swarm {} listener failed", what, e);
            }
        }
    }

    // ---------------------------------------------------------------- HypercoreService

    private static HypercoreInfo info(Value v) {
        return info(json(v).getAsJsonObject());
    }

    private static HypercoreInfo info(JsonObject o) {
        return new HypercoreInfo(o.get("key").getAsString(), o.get("name").getAsString(), o.get("length").getAsLong(),
                o.get("writable").getAsBoolean(), o.get("peers").getAsInt());
    }

    @Override
    public CompletionStage<HypercoreInfo> open(String name) {
        return call("coreOpen", name).thenApply(v -> {
            openedCores.add(name);
            return info(v);
        });
    }

    @Override
    public CompletionStage<HypercoreInfo> openRemote(String key) {
        return call("coreOpenRemote", key).thenApply(v -> {
            openedRemoteCores.add(key);
            return info(v);
        });
    }

    @Override
    public CompletionStage<Long> append(String key, byte[] block) {
        byte[] copy = block.clone();
        return ready.thenCompose(r -> await(ctx -> {
            putScratch(ctx, copy);
            return node(ctx).invokeMember("coreAppend", key, copy.length);
        })).thenApply(Value::asLong);
    }

    @Override
    public CompletionStage<byte[]> get(String key, long index) {
        return call("coreGet", key, (double) index).thenApply(v -> Base64.getDecoder().decode(v.asString()));
    }

    @Override
    public List<HypercoreInfo> cores() {
        List<HypercoreInfo> out = new ArrayList<>();
        Value v = sync(ctx -> node(ctx).invokeMember("cores"));
        if (v != null) {
            for (JsonElement e : json(v).getAsJsonArray()) {
                out.add(info(e.getAsJsonObject()));
            }
        }
        return out;
    }
}
