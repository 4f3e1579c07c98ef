package org.p2pstack.ipfs.internal.bitswap;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.p2pstack.ipfs.internal.blockstore.Blockstore;
import org.p2pstack.ipfs.internal.multiformats.Cid;
import org.p2pstack.ipfs.internal.multiformats.Multihash;
import org.p2pstack.ipfs.internal.multiformats.PeerId;
import org.p2pstack.ipfs.internal.net.Connection;
import org.p2pstack.ipfs.internal.net.Libp2pHost;
import org.p2pstack.ipfs.internal.net.LengthPrefixed;
import org.p2pstack.ipfs.internal.net.ProtocolException;
import org.p2pstack.ipfs.internal.net.YamuxStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bitswap 1.2.0 (ipfs/specs BITSWAP), both roles. As a client each want is routed, as kubo's sessions do:
 * a want-block (with send-dont-have) goes to one peer that has been delivering blocks lately, the least
 * busy of them, so a DAG held by several peers is fetched from all of them in parallel and no block is sent
 * twice; when no such peer is known, want-have goes to every connected peer and the first HAVE gets the
 * want-block; a DONT_HAVE moves the want to the next peer. Wants unanswered for
 * {@link #REBROADCAST_INTERVAL} go as want-block to every peer not known to lack them (peers that speak
 * only Bitswap 1.0/1.1 answer that). As a server: a want list per peer (at most
 * {@link #MAX_WANTS_PER_PEER}), answered from the blockstore with blocks, HAVE or DONT_HAVE; a peer's next
 * message is read only after the answer to its previous one is sent, and answers are split into messages
 * of at most {@link #MAX_RESPONSE_BYTES}, which bounds what one peer can make us queue.
 */
public final class Bitswap {

    public static final List<String> PROTOCOLS = List.of("/ipfs/bitswap/1.2.0", "/ipfs/bitswap/1.1.0",
            "/ipfs/bitswap/1.0.0", "/ipfs/bitswap");
    public static final int MAX_WANTS_PER_PEER = 1024;
    /**
     * Block bytes per response message: just under the 4 MiB that helia and go-bitswap accept, since every
     * message costs the peer a new stream (helia fetching from us: 47 MiB/s with 1 MiB messages, 54 with these).
     */
    public static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024 - 64 * 1024;
    /** Most wants of our own in flight (prefetching included). */
    public static final int MAX_OWN_WANTS = 4096;
    /** An inbound stream on which the peer sends nothing for this long is reset. */
    public static final Duration STREAM_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Wants not answered within this time are sent again to every connected peer. */
    public static final Duration REBROADCAST_INTERVAL = Duration.ofSeconds(3);

    private static final Logger LOG = LoggerFactory.getLogger(Bitswap.class);

    private final Libp2pHost host;
    private final Blockstore store;
    private final Map<Multihash, Want> wants = new ConcurrentHashMap<>();
    private final Map<PeerId, Ledger> ledgers = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong rebroadcasts = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong unsolicited = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();

    /** One of our wants and where it has been asked; fields other than the final ones are guarded by the want. */
    private static final class Want {
        final Cid cid;
        final CompletableFuture<byte[]> future = new CompletableFuture<>();
        volatile long sentAt = System.nanoTime();
        /** The peer asked for the block, or null while we only asked who has it. */
        PeerId blockPeer;
        /** Peers that said DONT_HAVE. */
        final Set<PeerId> lacking = new java.util.HashSet<>();

        Want(Cid cid) {
            this.cid = cid;
        }
    }

    /** How long a peer that delivered a block (or said HAVE) counts as one to ask first. */
    static final Duration USEFUL_FOR = Duration.ofMinutes(2);

    /** What we know of one peer: its wants, our outbound stream to it, and how it serves us. */
    private static final class Ledger {
        final Set<Cid> theirWants = ConcurrentHashMap.newKeySet();
        YamuxStream out;
        volatile boolean notBitswap;
        /** Our want-blocks it has not answered yet. */
        final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        /** When it last delivered a block or said HAVE (System.nanoTime), 0 when never. */
        volatile long lastUseful;
    }

    private final java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bitswap-rebroadcast");
                t.setDaemon(true);
                return t;
            });

    public Bitswap(Libp2pHost host, Blockstore store) {
        this.host = host;
        this.store = store;
        long every = REBROADCAST_INTERVAL.toMillis();
        timer.scheduleWithFixedDelay(this::rebroadcast, every, every, TimeUnit.MILLISECONDS);
        for (String p : PROTOCOLS) {
            host.handle(p, this::serve);
        }
        host.onConnect(this::connected);
        host.onDisconnect(c -> {
            if (host.connection(c.remotePeer()) == null) {
                ledgers.remove(c.remotePeer());
                rerouteFrom(c.remotePeer());
            }
        });
    }

    private Ledger ledger(PeerId p) {
        return ledgers.computeIfAbsent(p, k -> new Ledger());
    }

    /** A new peer is asked who-has for every want still looking for a peer. */
    private void connected(Connection c) {
        List<BitswapMessage.Entry> entries = new ArrayList<>();
        for (Want w : wants.values()) {
            synchronized (w) {
                if (w.blockPeer == null && entries.size() < BitswapMessage.MAX_ENTRIES) {
                    entries.add(wantHave(w.cid));
                }
            }
        }
        if (!entries.isEmpty()) {
            send(c, new BitswapMessage(entries, true, List.of(), List.of(), 0));
        }
    }

    // --- server side ---

    private void serve(Connection conn, YamuxStream stream) throws IOException {
        while (true) {
            var idle = host.resetAfter(stream, STREAM_IDLE_TIMEOUT);
            byte[] raw;
            try {
                raw = LengthPrefixed.read(stream.in(), BitswapMessage.MAX_MESSAGE);
            } finally {
                idle.cancel(false);
            }
            if (raw == null) {
                stream.closeWrite();
                return;
            }
            BitswapMessage msg;
            try {
                msg = BitswapMessage.decode(raw);
            } catch (IllegalArgumentException e) {
                conn.close(); // a malformed peer is disconnected
                throw new ProtocolException("malformed bitswap message: " + e.getMessage(), e);
            }
            receive(conn, msg);
        }
    }

    void receive(Connection conn, BitswapMessage msg) throws IOException {
        Ledger ledger = ledger(conn.remotePeer());
        for (BitswapMessage.Block b : msg.blocks()) {
            Want w = wants.get(b.cid().multihash());
            if (w == null) {
                unsolicited.incrementAndGet();
                continue; // unsolicited (or a duplicate): not stored
            }
            received.incrementAndGet();
            ledger.lastUseful = System.nanoTime();
            // the block's CID was computed from its bytes when the message was decoded: no second hashing;
            // stored before the want goes, so a new want for it finds it locally
            store.putHashed(w.cid, b.data());
            if (wants.remove(b.cid().multihash(), w)) {
                synchronized (w) {
                    if (w.blockPeer != null) {
                        ledger(w.blockPeer).inFlight.decrementAndGet();
                        w.blockPeer = null;
                    }
                }
            }
            w.future.complete(b.data());
            broadcastCancel(w.cid, conn.remotePeer());
        }
        if (!msg.presences().isEmpty()) {
            presences(conn.remotePeer(), ledger, msg.presences());
        }
        if (msg.full()) {
            ledger.theirWants.clear();
        }
        List<BitswapMessage.Block> blocks = new ArrayList<>();
        List<BitswapMessage.Presence> presences = new ArrayList<>();
        int bytes = 0;
        for (BitswapMessage.Entry e : msg.wantlist()) {
            if (e.cancel()) {
                ledger.theirWants.remove(e.cid());
                continue;
            }
            byte[] block = store.get(e.cid());
            if (block != null) {
                ledger.theirWants.remove(e.cid());
                if (e.type() == BitswapMessage.WantType.BLOCK) {
                    if (bytes + block.length > MAX_RESPONSE_BYTES && !blocks.isEmpty()) {
                        send(conn, new BitswapMessage(List.of(), false, blocks, presences, 0));
                        blocks = new ArrayList<>();
                        presences = new ArrayList<>();
                        bytes = 0;
                    }
                    blocks.add(new BitswapMessage.Block(e.cid(), block));
                    bytes += block.length;
                    sent.incrementAndGet();
                } else {
                    presences.add(new BitswapMessage.Presence(e.cid(), true));
                }
            } else {
                if (e.sendDontHave()) {
                    presences.add(new BitswapMessage.Presence(e.cid(), false));
                }
                if (ledger.theirWants.size() < MAX_WANTS_PER_PEER) {
                    ledger.theirWants.add(e.cid());
                }
            }
        }
        if (!blocks.isEmpty() || !presences.isEmpty()) {
            send(conn, new BitswapMessage(List.of(), false, blocks, presences, 0));
        }
    }

    /** Tells peers that wanted {@code cid} that we have it now (after an import or a fetch). */
    public void announce(Cid cid, byte[] block) {
        for (Map.Entry<PeerId, Ledger> e : ledgers.entrySet()) {
            if (e.getValue().theirWants.remove(cid)) {
                Connection c = host.connection(e.getKey());
                if (c != null) {
                    send(c, new BitswapMessage(List.of(), false, List.of(new BitswapMessage.Block(cid, block)), List.of(), 0));
                }
            }
        }
    }

    private void send(Connection conn, BitswapMessage msg) {
        Ledger ledger = ledger(conn.remotePeer());
        if (ledger.notBitswap) {
            return;
        }
        byte[] framed = msg.encodeLengthPrefixed();
        synchronized (ledger) {
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    // one stream per message, closed after it, as helia does: a peer may drop a stream it
                    // considers finished or idle, and whatever we wrote on it after that would be lost
                    ledger.out = conn.newStream(PROTOCOLS);
                    // one write, so that the message leaves as few, full yamux frames
                    ledger.out.out().write(framed);
                    ledger.out.out().flush();
                    ledger.out.closeWrite();
                    ledger.out = null;
                    return;
                } catch (ProtocolException e) {
                    if (ledger.out == null) {
                        ledger.notBitswap = true; // the peer refused every bitswap version
                        return;
                    }
                    ledger.out.reset();
                    ledger.out = null;
                } catch (IOException e) {
                    if (ledger.out != null) {
                        ledger.out.reset();
                    }
                    ledger.out = null;
                    if (!conn.isOpen()) {
                        return;
                    }
                }
            }
            LOG.debug("could not send bitswap message to {}", conn.remotePeer());
        }
    }

    // --- client side ---

    private static BitswapMessage.Entry wantBlock(Cid cid) {
        return new BitswapMessage.Entry(cid, 1, false, BitswapMessage.WantType.BLOCK, true);
    }

    private static BitswapMessage.Entry wantHave(Cid cid) {
        return new BitswapMessage.Entry(cid, 1, false, BitswapMessage.WantType.HAVE, true);
    }

    /** Starts fetching {@code cid} (or joins a fetch in progress); the future completes with the verified block. */
    public CompletableFuture<byte[]> want(Cid cid) throws IOException {
        byte[] local = store.get(cid);
        if (local != null) {
            return CompletableFuture.completedFuture(local);
        }
        Want created = new Want(cid);
        Want w = wants.putIfAbsent(cid.multihash(), created);
        if (w != null) {
            return w.future;
        }
        if (wants.size() > MAX_OWN_WANTS) {
            wants.remove(cid.multihash());
            throw new IOException("too many blocks wanted at once");
        }
        local = store.get(cid); // it may have arrived while we registered
        if (local != null) {
            wants.remove(cid.multihash(), created);
            created.future.complete(local);
            return created.future;
        }
        Outbox outbox = new Outbox();
        route(created, outbox);
        outbox.send();
        return created.future;
    }

    /** Starts fetching several blocks with one message per peer (prefetching); errors are ignored. */
    public void wantAll(List<Cid> cids) {
        Outbox outbox = new Outbox();
        for (Cid cid : cids) {
            if (wants.size() >= MAX_OWN_WANTS || store.has(cid)) {
                continue;
            }
            Want created = new Want(cid);
            if (wants.putIfAbsent(cid.multihash(), created) == null) {
                if (store.has(cid)) {
                    wants.remove(cid.multihash(), created);
                    continue;
                }
                route(created, outbox);
            }
        }
        outbox.send();
    }

    /** Wants gathered per peer, sent as one message each. */
    private final class Outbox {
        final Map<PeerId, List<BitswapMessage.Entry>> byPeer = new java.util.HashMap<>();

        void add(PeerId peer, BitswapMessage.Entry entry) {
            List<BitswapMessage.Entry> list = byPeer.computeIfAbsent(peer, k -> new ArrayList<>());
            if (list.size() < BitswapMessage.MAX_ENTRIES) {
                list.add(entry);
            }
        }

        void send() {
            byPeer.forEach((peer, entries) -> {
                Connection c = host.connection(peer);
                if (c != null && !entries.isEmpty()) {
                    BitswapMessage msg = BitswapMessage.wants(entries);
                    host.execute(() -> Bitswap.this.send(c, msg));
                }
            });
        }
    }

    /**
     * Decides where {@code w} is asked: want-block to the least busy peer that has been useful lately (or to
     * the only connected peer), else want-have to every connected peer that has not said it lacks the block.
     */
    private void route(Want w, Outbox outbox) {
        java.util.Collection<Connection> connections = host.connections();
        synchronized (w) {
            if (w.future.isDone() || w.blockPeer != null) {
                return;
            }
            long now = System.nanoTime();
            PeerId best = null;
            int bestLoad = Integer.MAX_VALUE;
            for (Connection c : connections) {
                PeerId p = c.remotePeer();
                Ledger l = ledgers.get(p);
                boolean useful = l != null && l.lastUseful != 0 && now - l.lastUseful < USEFUL_FOR.toNanos();
                if (w.lacking.contains(p) || (l != null && l.notBitswap) || !(useful || connections.size() == 1)) {
                    continue;
                }
                int load = l == null ? 0 : l.inFlight.get();
                if (load < bestLoad) {
                    best = p;
                    bestLoad = load;
                }
            }
            w.sentAt = now;
            if (best != null) {
                w.blockPeer = best;
                ledger(best).inFlight.incrementAndGet();
                outbox.add(best, wantBlock(w.cid));
                return;
            }
            for (Connection c : connections) {
                if (!w.lacking.contains(c.remotePeer())) {
                    outbox.add(c.remotePeer(), wantHave(w.cid));
                }
            }
        }
    }

    /** The wants that were waiting on a peer that left go elsewhere at once. */
    private void rerouteFrom(PeerId gone) {
        Outbox outbox = new Outbox();
        for (Want w : wants.values()) {
            boolean moved;
            synchronized (w) {
                moved = gone.equals(w.blockPeer);
                if (moved) {
                    w.blockPeer = null;
                }
            }
            if (moved) {
                route(w, outbox);
            }
        }
        outbox.send();
    }

    /** HAVE: the peer is useful, and gets the want-block of a want that has none yet. DONT_HAVE: route elsewhere. */
    private void presences(PeerId from, Ledger ledger, List<BitswapMessage.Presence> presences) {
        Outbox outbox = new Outbox();
        for (BitswapMessage.Presence presence : presences) {
            if (presence.have()) {
                ledger.lastUseful = System.nanoTime(); // even when the block came from elsewhere first
            }
            Want w = wants.get(presence.cid().multihash());
            if (w == null) {
                continue;
            }
            synchronized (w) {
                if (presence.have()) {
                    if (w.blockPeer == null && !w.future.isDone()) {
                        w.blockPeer = from;
                        ledger.inFlight.incrementAndGet();
                        outbox.add(from, wantBlock(w.cid));
                    }
                    continue;
                }
                w.lacking.add(from);
                if (!from.equals(w.blockPeer)) {
                    continue;
                }
                w.blockPeer = null;
                ledger.inFlight.decrementAndGet();
            }
            route(w, outbox);
        }
        outbox.send();
    }

    /** Fetches one block, waiting at most {@code timeout}. */
    public byte[] get(Cid cid, Duration timeout) throws IOException {
        CompletableFuture<byte[]> f = want(cid);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            cancel(cid);
            throw new IOException("block " + cid + " not found on " + host.connections().size()
                    + " connected peers within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IOException("fetching " + cid + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(cid);
            throw new java.io.InterruptedIOException("interrupted while fetching " + cid);
        }
    }

    /** Gives up a want and tells the peers. */
    public void cancel(Cid cid) {
        Want w = wants.remove(cid.multihash());
        if (w != null) {
            synchronized (w) {
                if (w.blockPeer != null) {
                    ledger(w.blockPeer).inFlight.decrementAndGet();
                    w.blockPeer = null;
                }
            }
            w.future.cancel(false);
            broadcastCancel(cid, null);
        }
    }

    private void broadcastCancel(Cid cid, PeerId except) {
        BitswapMessage msg = BitswapMessage.wants(List.of(
                new BitswapMessage.Entry(cid, 0, true, BitswapMessage.WantType.BLOCK, false)));
        for (Connection c : host.connections()) {
            if (!c.remotePeer().equals(except)) {
                host.execute(() -> send(c, msg));
            }
        }
    }

    /**
     * Sends again, as want-block to every peer not known to lack it, each want unanswered for
     * {@link #REBROADCAST_INTERVAL}: its peer may be gone or slow, a message may have been lost with a
     * dropped stream, or the peers speak a Bitswap without HAVE.
     */
    private void rebroadcast() {
        long now = System.nanoTime();
        Outbox outbox = new Outbox();
        java.util.Collection<Connection> connections = host.connections();
        for (Want w : wants.values()) {
            synchronized (w) {
                if (now - w.sentAt <= REBROADCAST_INTERVAL.toNanos() || w.future.isDone()) {
                    continue;
                }
                w.sentAt = now;
                rebroadcasts.incrementAndGet();
                if (w.blockPeer != null) {
                    ledger(w.blockPeer).inFlight.decrementAndGet();
                    w.blockPeer = null;
                }
                for (Connection c : connections) {
                    if (!w.lacking.contains(c.remotePeer())) {
                        outbox.add(c.remotePeer(), wantBlock(w.cid));
                    }
                }
            }
        }
        outbox.send();
    }

    public void close() {
        timer.shutdownNow();
    }

    /** Blocks this node has sent to other peers. */
    public long blocksSent() {
        return sent.get();
    }

    /** Blocks received that no want of ours was waiting for (duplicates included). */
    public long unsolicitedBlocks() {
        return unsolicited.get();
    }

    /** Wants that went unanswered for {@link #REBROADCAST_INTERVAL} and were sent again. */
    public long rebroadcastWants() {
        return rebroadcasts.get();
    }

    /** Counters for status and benchmarks: blocks received as wanted, received unwanted, wants sent again. */
    public String stats() {
        return "received=" + received.get() + " unsolicited=" + unsolicited.get() + " rebroadcast=" + rebroadcasts.get()
                + " wanting=" + wants.size();
    }

    /** Our wants in flight. */
    public Set<Cid> wantlist() {
        Set<Cid> out = new LinkedHashSet<>();
        wants.values().forEach(w -> out.add(w.cid));
        return out;
    }
}
