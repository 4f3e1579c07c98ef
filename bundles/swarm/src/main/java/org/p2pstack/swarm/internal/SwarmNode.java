package org.p2pstack.swarm.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.status.FaultInjectable;
import org.p2pstack.api.status.SelfRepairing;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.status.StackStatus;
import org.p2pstack.api.status.StackStatusProvider;
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
 * The swarm stack of the node: GraalJS with the Holepunch bundle, one Hyperswarm and one Corestore,
 * started off the SCR thread (the first context takes seconds). All JS work runs on the runtime's loop.
 * When the engine breaks (its loop thread dies or stops answering) the node's supervisor calls
 * {@link #repair()}: a fresh engine and runtime with the same key, the same topics and the same cores.
 */
@Component(service = {SwarmService.class, HypercoreService.class, StackStatusProvider.class, SelfRepairing.class,
        FaultInjectable.class}, configurationPid = "org.p2pstack.swarm", immediate = true)
@Designate(ocd = SwarmConfig.class)
public final class SwarmNode implements SwarmService, HypercoreService, StackStatusProvider, SelfRepairing, FaultInjectable {

    private static final Logger LOG = LoggerFactory.getLogger(SwarmNode.class);
    static final String STACK = "swarm";
    /** Status details that swarm:bootstrap prints: the list in use, its source, what was left out and why. */
    public static final String DETAIL_BOOTSTRAP = "bootstrap";
    public static final String DETAIL_BOOTSTRAP_FROM = "bootstrapFrom";
    public static final String DETAIL_BOOTSTRAP_DROPPED = "bootstrapDropped";

    private final SwarmConfig config;
    private final Path dataDir;
    private final int port;
    private final CopyOnWriteArrayList<Consumer<SwarmMessage>> listeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<SwarmPeer>> connectionListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<HypercoreInfo>> appendListeners = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Thread starter;
    private volatile JsEngine engine;
    private volatile SwarmRuntime runtime;
    private volatile String publicKey = "";
    private volatile String failure;
    private volatile BootstrapList bootstrap;
    private volatile boolean stopping;

    private final boolean localNetworkOnly;
    private final boolean disabled;
    /** How long a status query waits for the JS event loop before answering with the last known status. */
    static final long STATUS_WAIT_MILLIS = 300;
    private volatile JsonObject lastStatus;
    private volatile java.util.concurrent.CompletableFuture<String> statusRequest;

    /** How long the engine may leave a ping unanswered before it counts as hung. */
    static final long HUNG_MILLIS = 30_000;
    private volatile CompletableFuture<String> ping;
    private volatile long pingSentNanos;
    /** Results still waiting on the JS side: failed at once when the engine breaks, so no caller hangs. */
    private final java.util.Set<CompletableFuture<?>> waiting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** What the JS side must have again after a restart: topics joined (hex → server, client) and cores opened. */
    private final Map<String, boolean[]> joinedTopics = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> openedCores = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> openedRemoteCores = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Activate
    public SwarmNode(@Reference NodeEnvironment environment, SwarmConfig config) {
        this.config = config;
        this.dataDir = environment.dataDir(STACK);
        this.port = environment.port(config.port());
        this.localNetworkOnly = environment.localNetworkOnly();
        this.starter = new Thread(this::start, "swarm-start");
        starter.setDaemon(true);
        this.disabled = !config.enabled();
        if (disabled) {
            failure = "Turned off in etc/org.p2pstack.swarm.cfg";
        } else {
            starter.start();
        }
    }

    private void start() {
        CompletableFuture<Void> started = ready;
        try {
            boot();
            started.complete(null);
        } catch (Throwable t) {
            failure = "Could not start: " + t.getMessage();
            started.completeExceptionally(t);
            LOG.error("swarm stack failed to start", t);
        }
    }

    /** A new engine and runtime with the Holepunch bundle, the swarm started with this node's key. */
    private void boot() throws Exception {
        String seed = seed();
        engine = new JsEngine();
        if (stopping) {
            return;
        }
        runtime = new SwarmRuntime(engine, dataDir, "swarm-js");
        if (stopping) {
            return;
        }
        JsonObject cfg = new JsonObject();
        cfg.addProperty("seed", seed);
        // P2PSTACK_SWARM_BOOTSTRAP (bin/setenv passes it as this property) overrides the configuration for one run;
        // a node kept on this computer keeps only the loopback entries, so it never contacts the public DHT
        BootstrapList chosen = BootstrapList.choose(System.getProperty("p2pstack.swarm.bootstrap", ""), config.bootstrap(),
                localNetworkOnly, config.localBootstrap());
        bootstrap = chosen;
        if (!chosen.dropped().isEmpty()) {
            LOG.info("swarm bootstrap: left out {}", String.join(", ", chosen.dropped()));
        }
        LOG.info("swarm bootstrap from {}: {}", chosen.source(), chosen.nodes().isEmpty() ? "none" : String.join(",", chosen.nodes()));
        cfg.add("bootstrap", chosen.toJson());
        cfg.addProperty("port", port);
        cfg.addProperty("host", localNetworkOnly ? "127.0.0.1" : config.host());
        cfg.addProperty("firewalled", config.firewalled());
        cfg.addProperty("localBootstrap", config.localBootstrap());
        cfg.addProperty("announceCores", config.announceCores());
        cfg.addProperty("storage", "corestore");
        Value key = await(ctx -> {
            runtime.loop().evalResource("swarm-node.js");
            Value node = ctx.getBindings("js").getMember("p2pstackNode");
            return node.invokeMember("start", ctx.eval("js", "(" + cfg + ")"), new Host());
        }).toCompletableFuture().get(2, java.util.concurrent.TimeUnit.MINUTES);
        publicKey = key.asString();
        LOG.info("swarm stack running, public key {}, DHT port {}", publicKey, port);
    }

    /** The swarm key pair's seed: 32 random bytes made once, kept in the data dir, owner-only. */
    private String seed() throws IOException {
        Path file = dataDir.resolve("swarm-key.seed");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        String hex = HexFormat.of().formatHex(seed);
        Path tmp = dataDir.resolve("swarm-key.seed.tmp");
        Files.writeString(tmp, hex, StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return hex;
    }

    /** Runs {@code fn} on the loop; if it returns a promise, completes with what the promise resolves to. */
    private CompletionStage<Value> await(Function<org.graalvm.polyglot.Context, Value> fn) {
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

    private Value node(org.graalvm.polyglot.Context ctx) {
        return ctx.getBindings("js").getMember("p2pstackNode");
    }

    /** Loop thread: puts {@code data} at the start of the scratch buffer, growing it through JS so both sides agree. */
    private void putScratch(org.graalvm.polyglot.Context ctx, byte[] data) {
        ctx.getBindings("js").getMember("__p2pstackScratch").execute(data.length);
        System.arraycopy(data, 0, runtime.loop().scratch().array(), 0, data.length);
    }

    private CompletionStage<Value> call(String method, Object... args) {
        return ready.thenCompose(v -> await(ctx -> node(ctx).invokeMember(method, args)));
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
        JsonObject s = statusJson();
        List<String> out = new ArrayList<>();
        if (s != null) {
            s.getAsJsonArray("topics").forEach(t -> out.add(t.getAsString()));
        }
        return out;
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

    /** Calls from swarm-node.js (loop thread). */
    public final class Host {
        @HostAccess.Export
        public void message(String peerKey, int len) {
            byte[] data = new byte[len];
            System.arraycopy(runtime.loop().scratch().array(), 0, data, 0, len);
            SwarmMessage m = new SwarmMessage(peerKey, data);
            for (Consumer<SwarmMessage> l : listeners) {
                try {
                    l.accept(m);
                } catch (RuntimeException e) {
                    LOG.warn("swarm message listener failed", e);
                }
            }
        }

        @HostAccess.Export
        public void event(String kind, String peerKey) {
            LOG.info("swarm {} {}", kind, peerKey);
        }

        @HostAccess.Export
        public void connection(String peerKey, String host, int port, boolean initiator, String topicsJson) {
            LOG.info("swarm connection {}", peerKey);
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
                JsonObject o = e.getAsJsonObject();
                out.add(new HypercoreInfo(o.get("key").getAsString(), o.get("name").getAsString(), o.get("length").getAsLong(),
                        o.get("writable").getAsBoolean(), o.get("peers").getAsInt()));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- status

    /** A quick read of JS state for status and lists; null when not running or the loop is busy for long. */
    private Value sync(Function<org.graalvm.polyglot.Context, Value> fn) {
        if (!ready.isDone() || ready.isCompletedExceptionally()) {
            return null;
        }
        try {
            // copy to a string on the loop: JS values must not leave it
            String s = runtime.loop().submit(ctx -> fn.apply(ctx).asString()).get(2, java.util.concurrent.TimeUnit.SECONDS);
            return org.graalvm.polyglot.Value.asValue(s);
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The JS side's status. A busy event loop must not stall {@code /api/status}: this waits at most
     * {@link #STATUS_WAIT_MILLIS} for a fresh answer and otherwise gives the last one it had.
     */
    private JsonObject statusJson() {
        if (!ready.isDone() || ready.isCompletedExceptionally()) {
            return lastStatus;
        }
        java.util.concurrent.CompletableFuture<String> fresh = statusRequest;
        if (fresh == null || fresh.isDone()) {
            fresh = runtime.loop().submit(ctx -> node(ctx).invokeMember("status").asString());
            statusRequest = fresh;
        }
        try {
            lastStatus = JsonParser.parseString(fresh.get(STATUS_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .getAsJsonObject();
        } catch (Exception busyOrFailed) {
            // keep the last status; the request still in flight is reused by the next call
        }
        return lastStatus;
    }

    @Override
    public String stackName() {
        return STACK;
    }

    @Override
    public StackStatus status() {
        if (disabled) {
            return new StackStatus(STACK, StackState.FAILED, failure, Map.of());
        }
        Optional<String> problem = problem();
        if (problem.isPresent()) {
            // the node's supervisor repairs it and says so in the status
            return new StackStatus(STACK, StackState.FAILED, problem.get(), Map.of("publicKey", publicKey));
        }
        if (!ready.isDone()) {
            return new StackStatus(STACK, StackState.STARTING, "Starting the JavaScript engine and the DHT…", Map.of());
        }
        JsonObject s = statusJson();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("publicKey", publicKey);
        details.put("jit", engine != null && !engine.isInterpreted());
        BootstrapList b = bootstrap;
        if (b != null) {
            details.put(DETAIL_BOOTSTRAP, b.nodes().isEmpty() ? "none" : String.join(",", b.nodes()));
            details.put(DETAIL_BOOTSTRAP_FROM, b.source());
            if (!b.dropped().isEmpty()) {
                details.put(DETAIL_BOOTSTRAP_DROPPED, String.join(", ", b.dropped()));
            }
        }
        if (s == null) {
            return new StackStatus(STACK, StackState.RUNNING, "Running (busy)", details);
        }
        int peers = s.get("peers").getAsInt();
        int dhtNodes = s.get("dhtNodes").getAsInt();
        details.put("peers", peers);
        details.put("topics", s.getAsJsonArray("topics").size());
        details.put("dhtNodes", dhtNodes);
        details.put("dhtPort", s.get("port").getAsInt());
        details.put("cores", s.get("cores").getAsInt());
        String message = dhtNodes == 0 ? "Looking for DHT peers…"
                : peers + (peers == 1 ? " peer" : " peers") + ", " + dhtNodes + " DHT nodes known";
        return new StackStatus(STACK, StackState.RUNNING, message, details);
    }

    @Override
    public Map<String, String> identity() {
        return publicKey.isEmpty() ? Map.of() : Map.of("swarmKey", publicKey);
    }

    @Deactivate
    void stop() {
        stopping = true;
        // never hold the SCR thread for long: the first context can still be evaluating the bundle, and
        // closing a busy engine waits for it; the closing runs on its own thread, bounded in time
        Thread closer = new Thread(this::close, "swarm-stop");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.warn("the swarm stack did not stop within 15 s; leaving it to the JVM");
        }
    }

    private void close() {
        try {
            starter.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            teardown();
        }
    }

    /** Stops the swarm (when the engine still answers) and closes the runtime and the engine. */
    private void teardown() {
        SwarmRuntime rt = runtime;
        if (rt != null) {
            if (rt.loop().death().isEmpty()) {
                try {
                    await(ctx -> node(ctx).invokeMember("stop")).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
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

    // ---------------------------------------------------------------- supervision

    @Override
    public String displayName() {
        return "Hyperswarm";
    }

    /**
     * A start that failed, an engine whose loop thread died, or one that has not answered a ping for
     * {@link #HUNG_MILLIS}. Pings are queued behind the loop's other work, so a busy engine still answers.
     */
    @Override
    public Optional<String> problem() {
        if (disabled || stopping) {
            return Optional.empty();
        }
        if (failure != null) {
            return Optional.of(failure);
        }
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

    /**
     * A fresh engine and runtime with the same key; the topics joined and the cores opened before are
     * joined and opened again, so users of the service keep working with the same keys.
     */
    @Override
    public synchronized void repair() throws Exception {
        if (stopping || disabled) {
            return;
        }
        CompletableFuture<Void> next = new CompletableFuture<>();
        ready = next;
        IllegalStateException broken = new IllegalStateException("the JavaScript engine stopped; the swarm stack is restarting");
        List.copyOf(waiting).forEach(f -> f.completeExceptionally(broken));
        teardown();
        failure = null;
        lastStatus = null;
        statusRequest = null;
        ping = null;
        try {
            boot();
        } catch (Exception | LinkageError e) {
            failure = "Could not restart the JavaScript engine: " + e.getMessage();
            next.completeExceptionally(e);
            throw new Exception(failure, e);
        }
        restore();
        next.complete(null);
    }

    private void restore() {
        java.util.concurrent.TimeUnit seconds = java.util.concurrent.TimeUnit.SECONDS;
        for (String name : openedCores) {
            try {
                await(ctx -> node(ctx).invokeMember("coreOpen", name)).toCompletableFuture().get(10, seconds);
            } catch (Exception e) {
                LOG.warn("could not reopen core {} after the restart", name, e);
            }
        }
        for (String key : openedRemoteCores) {
            try {
                await(ctx -> node(ctx).invokeMember("coreOpenRemote", key)).toCompletableFuture().get(10, seconds);
            } catch (Exception e) {
                LOG.warn("could not reopen core {} after the restart", key, e);
            }
        }
        for (Map.Entry<String, boolean[]> topic : joinedTopics.entrySet()) {
            boolean[] roles = topic.getValue();
            try {
                await(ctx -> node(ctx).invokeMember("join", topic.getKey(), roles[0], roles[1])).toCompletableFuture().get(30, seconds);
            } catch (Exception e) {
                LOG.warn("could not join topic {} again after the restart", topic.getKey(), e);
            }
        }
    }

    @Override
    public void injectFault() {
        SwarmRuntime rt = runtime;
        if (rt != null) {
            rt.loop().injectFault();
        }
    }

    @Override
    public String faultDescription() {
        return "kills the JavaScript engine's event loop, as an internal engine error would";
    }
}
