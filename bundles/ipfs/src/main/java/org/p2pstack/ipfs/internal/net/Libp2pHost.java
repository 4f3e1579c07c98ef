package org.p2pstack.ipfs.internal.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.p2pstack.ipfs.internal.crypto.Ed25519KeyPair;
import org.p2pstack.ipfs.internal.multiformats.Multiaddr;
import org.p2pstack.ipfs.internal.multiformats.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A libp2p host on TCP: listens and dials, upgrades each connection with multistream-select → Noise →
 * multistream-select → yamux, runs identify and ping, and hands inbound streams to the registered
 * protocol handlers. Bounds: {@link #MAX_CONNECTIONS} connections, {@link #HANDSHAKE_TIMEOUT} to finish
 * the upgrade; a peer that breaks a protocol loses its connection and nothing else.
 */
public final class Libp2pHost implements AutoCloseable {

    public static final String PING_PROTOCOL_ID = "/ipfs/ping/1.0.0";
    public static final int PING_SIZE = 32;
    public static final int MAX_CONNECTIONS = 256;
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Time a peer has to complete an identify exchange or a ping round. */
    public static final Duration STREAM_TIMEOUT = Duration.ofSeconds(20);
    /** Time a peer has to name the protocol of a stream it opened. */
    public static final Duration NEGOTIATION_TIMEOUT = Duration.ofSeconds(10);
    /** Inbound connections in their handshake at once; more are closed at once. */
    public static final int MAX_PENDING_HANDSHAKES = 64;
    /** Inbound streams served at once over all connections; more are reset. */
    public static final int MAX_INBOUND_HANDLERS = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(Libp2pHost.class);

    private final Ed25519KeyPair identity;
    private final PeerId peerId;
    private final SecureRandom random;
    private final String agent;
    private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
    private final Map<PeerId, Connection> connections = new ConcurrentHashMap<>();
    private final List<Consumer<Connection>> connectListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Connection>> disconnectListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;
    private final StreamThreads threads;
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final List<ServerSocket> servers = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.Semaphore handshakeSlots = new java.util.concurrent.Semaphore(MAX_PENDING_HANDSHAKES);
    private final java.util.concurrent.Semaphore handlerSlots = new java.util.concurrent.Semaphore(MAX_INBOUND_HANDLERS);
    private final java.util.concurrent.ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "libp2p-watchdog");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    public Libp2pHost(Ed25519KeyPair identity, SecureRandom random, String agent) {
        this(identity, random, agent, StreamThreads.VIRTUAL);
    }

    public Libp2pHost(Ed25519KeyPair identity, SecureRandom random, String agent, StreamThreads threads) {
        this.identity = identity;
        this.peerId = identity.peerId();
        this.random = random;
        this.agent = agent;
        this.threads = threads;
        this.executor = Executors.newThreadPerTaskExecutor(threads.factory("libp2p-"));
        handle(Identify.PROTOCOL_ID, this::serveIdentify);
        handle(Identify.PUSH_PROTOCOL_ID, this::receiveIdentifyPush);
        handle(PING_PROTOCOL_ID, Libp2pHost::servePing);
    }

    public PeerId peerId() {
        return peerId;
    }

    public Ed25519KeyPair identity() {
        return identity;
    }

    public ExecutorService executor() {
        return executor;
    }

    /** Runs {@code task} on the host's threads; dropped once the host is closed. */
    public void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            if (!closed) {
                throw e;
            }
        }
    }

    public void handle(String protocol, StreamHandler handler) {
        handlers.put(protocol, handler);
    }

    /** Registers {@code handler} unless {@code protocol} already has one; returns whether it did. */
    public boolean handleIfAbsent(String protocol, StreamHandler handler) {
        return handlers.putIfAbsent(protocol, handler) == null;
    }

    /** Unregisters {@code handler} from {@code protocol} (if it is still the one registered there). */
    public void unhandle(String protocol, StreamHandler handler) {
        handlers.remove(protocol, handler);
    }

    public Set<String> protocols() {
        return Set.copyOf(handlers.keySet());
    }

    public void onConnect(Consumer<Connection> listener) {
        connectListeners.add(listener);
    }

    public void onDisconnect(Consumer<Connection> listener) {
        disconnectListeners.add(listener);
    }

    /** Starts listening on {@code address} (port 0 picks one); returns the bound address. */
    public InetSocketAddress listen(InetSocketAddress address) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address, 128);
        servers.add(server);
        threads.factory("libp2p-accept-" + server.getLocalPort() + "-").newThread(() -> acceptLoop(server)).start();
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** True while at least one listener is open and accepting. */
    public boolean listening() {
        return !servers.isEmpty() && servers.stream().noneMatch(ServerSocket::isClosed);
    }

    /**
     * Closes every listener (connections already open stay up), as when the listening socket fails;
     * {@link #listen} opens a new one.
     */
    public void closeListeners() {
        for (ServerSocket server : servers) {
            closeQuietly(server);
        }
        servers.clear();
    }

    /** The addresses we listen on; a wildcard bind lists each interface address. */
    public List<Multiaddr> listenAddresses() {
        List<Multiaddr> out = new ArrayList<>();
        for (ServerSocket s : servers) {
            InetAddress a = s.getInetAddress();
            if (a.isAnyLocalAddress()) {
                try {
                    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                        for (InetAddress ia : Collections.list(ni.getInetAddresses())) {
                            if (!ia.isLinkLocalAddress() && (ia.getAddress().length == 4 || a.getAddress().length == 16)) {
                                out.add(Multiaddr.tcp(ia, s.getLocalPort()));
                            }
                        }
                    }
                } catch (SocketException e) {
                    out.add(Multiaddr.tcp(InetAddress.getLoopbackAddress(), s.getLocalPort()));
                }
            } else {
                out.add(Multiaddr.tcp(a, s.getLocalPort()));
            }
        }
        return out;
    }

    private void acceptLoop(ServerSocket server) {
        while (!closed && !server.isClosed()) {
            try {
                Socket s = server.accept();
                if (connectionCount.get() >= MAX_CONNECTIONS || !handshakeSlots.tryAcquire()) {
                    s.close();
                    continue;
                }
                executor.execute(() -> {
                    try {
                        upgrade(s, false, null);
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("inbound connection from {} failed: {}", s.getRemoteSocketAddress(), e.toString());
                        closeQuietly(s);
                    } finally {
                        handshakeSlots.release();
                    }
                });
            } catch (IOException e) {
                if (!closed && !server.isClosed()) {
                    LOG.warn("accept failed: {}", e.toString());
                    try {
                        Thread.sleep(100); // e.g. out of file descriptors: do not spin
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** Dials {@code address} (which should end in /p2p/<peer>); reuses an open connection to that peer. */
    public Connection dial(Multiaddr address, Duration timeout) throws IOException {
        PeerId expected = address.peerId().orElse(null);
        if (expected != null) {
            Connection existing = connections.get(expected);
            if (existing != null && existing.isOpen()) {
                return existing;
            }
            if (expected.equals(peerId)) {
                throw new IOException("cannot dial ourselves");
            }
        }
        InetSocketAddress target = address.tcpAddress()
                .orElseThrow(() -> new IOException("not a TCP address we can dial: " + address));
        if (target.isUnresolved()) {
            target = new InetSocketAddress(target.getHostString(), target.getPort());
        }
        if (connectionCount.get() >= MAX_CONNECTIONS) {
            throw new IOException("too many connections");
        }
        Socket s = new Socket();
        try {
            s.connect(target, (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
            return upgrade(s, true, expected);
        } catch (IOException | RuntimeException e) {
            closeQuietly(s);
            throw e;
        }
    }

    private Connection upgrade(Socket s, boolean outbound, PeerId expected) throws IOException {
        s.setTcpNoDelay(true);
        s.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
        InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        OutputStream out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
        NoiseHandshake.Result secured;
        if (outbound) {
            Multistream.select(in, out, NoiseHandshake.PROTOCOL_ID);
            secured = NoiseHandshake.initiate(in, out, identity, random, expected);
            Multistream.select(secured.channel().in(), secured.channel().out(), YamuxSession.PROTOCOL_ID);
        } else {
            Multistream.handle(in, out, Set.of(NoiseHandshake.PROTOCOL_ID));
            secured = NoiseHandshake.respond(in, out, identity, random);
            Multistream.handle(secured.channel().in(), secured.channel().out(), Set.of(YamuxSession.PROTOCOL_ID));
        }
        s.setSoTimeout(0);
        Multiaddr remote = Multiaddr.tcp(s.getInetAddress(), s.getPort());
        Connection conn = new Connection(this, s, secured.remotePeer(), secured.remoteKey(), remote, outbound);
        YamuxSession session = new YamuxSession(secured.channel().in(), secured.channel().out(), outbound,
                stream -> execute(() -> serveStream(conn, stream)), () -> closed(conn),
                secured.remotePeer().toString().substring(0, 12), threads);
        conn.session(session);
        connectionCount.incrementAndGet();
        Connection previous = connections.put(conn.remotePeer(), conn);
        session.start();
        LOG.debug("connected to {} ({})", conn, outbound ? "outbound" : "inbound");
        if (previous != null && previous.isOpen() && !outbound) {
            // keep both: the older one closes by itself when the peer drops it
            LOG.debug("second connection to {}", conn.remotePeer());
        }
        execute(() -> requestIdentify(conn));
        for (Consumer<Connection> l : connectListeners) {
            execute(() -> l.accept(conn));
        }
        return conn;
    }

    private void closed(Connection conn) {
        connectionCount.decrementAndGet();
        connections.remove(conn.remotePeer(), conn);
        for (Consumer<Connection> l : disconnectListeners) {
            execute(() -> l.accept(conn));
        }
        conn.close();
    }

    private void serveStream(Connection conn, YamuxStream stream) {
        if (!handlerSlots.tryAcquire()) {
            LOG.debug("too many inbound streams: resetting one from {}", conn.remotePeer());
            stream.reset();
            return;
        }
        try {
            java.util.concurrent.ScheduledFuture<?> timer = watchdog.schedule(stream::reset,
                    NEGOTIATION_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            String protocol;
            try {
                protocol = Multistream.handle(stream.in(), stream.out(), handlers.keySet());
            } finally {
                timer.cancel(false);
            }
            stream.protocol(protocol);
            StreamHandler handler = handlers.get(protocol);
            if (handler == null) {
                stream.reset(); // unregistered while the stream was being negotiated
                return;
            }
            handler.handle(conn, stream);
        } catch (ProtocolException e) {
            LOG.debug("{} broke a protocol: {}", conn.remotePeer(), e.getMessage());
            stream.reset();
        } catch (IOException | RuntimeException e) {
            LOG.debug("stream from {} failed: {}", conn.remotePeer(), e.toString());
            stream.reset();
        } finally {
            handlerSlots.release();
        }
    }

    /** Resets {@code stream} unless cancelled within {@code timeout}: bounds how long a peer can stall us. */
    public java.util.concurrent.ScheduledFuture<?> resetAfter(YamuxStream stream, Duration timeout) {
        return watchdog.schedule(stream::reset, timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the host's timer after {@code delayNanos}, e.g. to end a stream that took too long. */
    public java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return watchdog.schedule(task, delayNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public Connection connection(PeerId peer) {
        Connection c = connections.get(peer);
        return c != null && c.isOpen() ? c : null;
    }

    public Collection<Connection> connections() {
        return connections.values().stream().filter(Connection::isOpen).toList();
    }

    // --- identify ---

    private byte[] identifyMessage(Connection conn) {
        return Identify.encode(agent, identity.publicKey(), listenAddresses(), conn.remoteAddress(),
                List.copyOf(handlers.keySet()));
    }

    private void serveIdentify(Connection conn, YamuxStream s) throws IOException {
        LengthPrefixed.write(s.out(), identifyMessage(conn));
        s.closeWrite();
    }

    private void receiveIdentifyPush(Connection conn, YamuxStream s) throws IOException {
        byte[] msg = LengthPrefixed.read(s.in(), Identify.MAX_MESSAGE);
        if (msg != null) {
            acceptIdentify(conn, msg);
        }
        s.closeWrite();
    }

    private void requestIdentify(Connection conn) {
        try (YamuxStream s = conn.newStream(Identify.PROTOCOL_ID)) {
            var timer = resetAfter(s, STREAM_TIMEOUT);
            byte[] msg = LengthPrefixed.read(s.in(), Identify.MAX_MESSAGE);
            timer.cancel(false);
            if (msg != null) {
                acceptIdentify(conn, msg);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("identify with {} failed: {}", conn.remotePeer(), e.toString());
        }
    }

    private void acceptIdentify(Connection conn, byte[] msg) throws ProtocolException {
        try {
            Identify.Info info = Identify.decode(msg);
            if (info.publicKey() != null && !info.publicKey().peerId().equals(conn.remotePeer())) {
                throw new ProtocolException("identify key does not match the peer");
            }
            conn.identify(info);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("malformed identify: " + e.getMessage(), e);
        }
    }

    /** Waits up to {@code timeout} for the peer's identify. */
    public Identify.Info awaitIdentify(Connection conn, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (conn.identify() == null && System.nanoTime() < deadline && conn.isOpen()) {
            Thread.sleep(20);
        }
        return conn.identify();
    }

    // --- ping ---

    private static void servePing(Connection conn, YamuxStream s) throws IOException {
        byte[] buf = new byte[PING_SIZE];
        while (true) {
            int n = s.in().readNBytes(buf, 0, PING_SIZE);
            if (n < PING_SIZE) {
                s.closeWrite();
                return;
            }
            s.out().write(buf);
            s.out().flush();
        }
    }

    /** One ping round trip to a connected peer. */
    public Duration ping(Connection conn) throws IOException {
        try (YamuxStream s = conn.newStream(PING_PROTOCOL_ID)) {
            var timer = resetAfter(s, STREAM_TIMEOUT);
            byte[] payload = new byte[PING_SIZE];
            random.nextBytes(payload);
            long t0 = System.nanoTime();
            s.out().write(payload);
            s.out().flush();
            byte[] back = s.in().readNBytes(PING_SIZE);
            timer.cancel(false);
            if (!Arrays.equals(payload, back)) {
                throw new ProtocolException("ping answer does not match");
            }
            return Duration.ofNanos(System.nanoTime() - t0);
        }
    }

    private static void closeQuietly(java.io.Closeable s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        for (ServerSocket s : servers) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        for (Connection c : List.copyOf(connections.values())) {
            c.close();
        }
        executor.shutdownNow();
        watchdog.shutdownNow();
    }
}
