package org.p2pstack.swarm.internal.udx;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reliable UDX stream, wire-compatible with libudx: one sequence number per packet, cumulative acks
 * with SACK blocks, RTO per RFC 6298 (1 s minimum, as libudx), loss detection from SACKs (RACK-like),
 * slow start and congestion avoidance on a packet window, END/DESTROY/HEARTBEAT/MESSAGE packets,
 * keepalive, relaying and remote changes. MTU stays at libudx's base (we never probe; peers' probe
 * padding is skipped). Loop thread only.
 */
final class UdxStream {

    /** DEBUG shows each stream's life (connect, remote change, destroy, close): what explains a connection one side still lists. */
    private static final Logger LOG = LoggerFactory.getLogger(UdxStream.class);

    /** libudx's UDX_MTU_BASE: the datagram size every path carries. */
    static final int MTU_BASE = 1200;
    static final int IPV4_OVERHEAD = 20 + 8 + UdxHeader.SIZE;
    static final int IPV6_OVERHEAD = 40 + 8 + UdxHeader.SIZE;
    /** libudx's UDX_HIGH_WATERMARK: queued write bytes (above the send window) before writes report back-pressure. */
    static final int HIGH_WATERMARK = 262144;
    /** libudx's UDX_DEFAULT_RWND_MAX: the receive window we advertise (we hand data to JS at once). */
    static final int RWND_MAX = 4 * 1024 * 1024;
    static final int RTO_MIN_MS = 1000;
    static final int RTO_MAX_MS = 30000;
    /**
     * This many retransmission timeouts in a row, with no ack moving forward between them, close the stream
     * (libudx's UDX_MAX_RTO_TIMEOUTS): a peer that is gone is given up after about a minute.
     */
    static final int MAX_RTO_TIMEOUTS = 6;
    /** Out-of-order packets we buffer at most; later ones are dropped and retransmitted by the peer. */
    static final int MAX_OUT_OF_ORDER = 65536;
    static final int INITIAL_CWND = 10;
    static final int MAX_CWND = 4096;

    final Udx udx;
    final int localId;
    private int remoteId;
    private UdxSocket socket;
    private InetSocketAddress remote;

    private boolean connected;
    private boolean ending;
    private boolean ended;
    private boolean endingRemote;
    private boolean endedRemote;
    private boolean destroying;
    private boolean closed;

    private int seq;
    private int remoteAcked;
    private int ack;
    private int remoteEnded;
    private boolean ackNeeded;

    // sending
    private final TreeMap<Integer, Packet> outgoing = new TreeMap<>(UdxStream::compareSeq);
    private final ArrayDeque<Segment> writeQueue = new ArrayDeque<>();
    private final ArrayDeque<Packet> retransmitQueue = new ArrayDeque<>();
    private long writesQueuedBytes;
    private boolean hitHighWatermark;
    private boolean flushScheduled;
    private int inflightPackets;
    private double cwnd = INITIAL_CWND;
    private double ssthresh = 0xffff;
    private int highSeq; // recovery point
    private boolean inRecovery;
    private long sendRwnd = RWND_MAX;

    // round-trip estimation (ms)
    private double srtt;
    private double rttvar;
    private double rto = RTO_MIN_MS;
    /** Retransmission timeouts since an ack last moved forward. */
    private int rtoTimeouts;
    private double minRtt = Double.MAX_VALUE;
    private double rackRtt;
    private double rackTimeSent = -1;

    // receiving
    private final Map<Integer, Pending> incoming = new HashMap<>();

    // timers
    private Runnable rtoTimer;
    private Runnable keepaliveTimer;
    private int keepaliveMs;

    // relay and remote change
    private UdxStream relayTo;
    private final List<UdxStream> relaying = new ArrayList<>();
    private boolean remoteChanging;
    private int seqOnRemoteChanged;

    long packetsTx;
    long packetsRx;
    long bytesTx;
    long bytesRx;
    int retransmits;

    /** A write request: acked (reported to the user) once all its bytes are acked. */
    static final class Write {
        final int requestId;
        final long size;
        long acked;
        boolean reported;

        Write(int requestId, long size) {
            this.requestId = requestId;
            this.size = size;
        }
    }

    /** Part of a write still to be packetized. */
    static final class Segment {
        final Write write;
        final byte[] data;
        int sent;
        final boolean end;

        Segment(Write write, byte[] data, boolean end) {
            this.write = write;
            this.data = data;
            this.end = end;
        }
    }

    /** A sent, not yet acked data/END packet. */
    static final class Packet {
        final int seq;
        final byte[] datagram;
        final List<Write> writes = new ArrayList<>(2);
        final List<Integer> lengths = new ArrayList<>(2);
        double timeSent;
        boolean retransmitted;
        boolean lost;

        Packet(int seq, byte[] datagram) {
            this.seq = seq;
            this.datagram = datagram;
        }
    }

    /** An out-of-order received packet. */
    record Pending(int type, byte[] data) {
    }

    UdxStream(Udx udx, int localId) {
        this.udx = udx;
        this.localId = localId;
        udx.streamsById.put(localId, this);
    }

    static int compareSeq(Integer a, Integer b) {
        return Integer.compare(a - b, 0);
    }

    boolean isDead() {
        return destroying || closed;
    }

    boolean connected() {
        return connected;
    }

    UdxSocket socket() {
        return socket;
    }

    int rttMs() {
        return (int) srtt;
    }

    int cwndPackets() {
        return (int) cwnd;
    }

    int mtu() {
        return MTU_BASE;
    }

    int inflightBytes() {
        return inflightPackets * maxPayload();
    }

    void setSeq(int seq) {
        this.seq = seq;
        this.remoteAcked = seq;
    }

    void setAck(int ack) {
        this.ack = ack;
    }

    void setKeepalive(int ms) {
        keepaliveMs = ms;
        if (connected) {
            armKeepalive();
        }
    }

    private int maxPayload() {
        boolean v4 = remote == null || remote.getAddress() instanceof Inet4Address;
        return MTU_BASE - (v4 ? IPV4_OVERHEAD : IPV6_OVERHEAD);
    }

    private int recvRwnd() {
        return RWND_MAX;
    }

    // ---------------------------------------------------------------- connect, change remote, relay

    void connect(UdxSocket socket, int remoteId, InetSocketAddress remote) {
        if (isDead()) {
            throw new IllegalStateException("EINVAL: stream is closed");
        }
        if (connected) {
            throw new IllegalStateException("EISCONN: already connected");
        }
        connected = true;
        this.socket = socket;
        this.remoteId = remoteId;
        this.remote = remote;
        LOG.debug("stream {} connected to {} at {} over socket {}", localId, remoteId, remote, socket.id);
        if (ackNeeded) {
            ackNeeded = false;
            sendAck();
            if (isDead()) {
                return;
            }
        }
        armKeepalive();
    }

    /** Returns true when the change took effect at once; otherwise the remote-changed event follows. */
    boolean changeRemote(UdxSocket socket, int remoteId, InetSocketAddress remote) {
        if (isDead() || !connected) {
            throw new IllegalStateException("EINVAL: stream is not connected");
        }
        LOG.debug("stream {} changes its remote from {} at {} to {} at {}", localId, this.remoteId, this.remote, remoteId, remote);
        this.remote = remote;
        this.remoteId = remoteId;
        this.socket = socket;
        int seqOfChange = seq;
        if (seqOfChange != remoteAcked) {
            remoteChanging = true;
            seqOnRemoteChanged = seqOfChange;
            return false;
        }
        udx.clock.defer(() -> {
            if (!isDead()) {
                udx.events.streamRemoteChanged(this);
            }
        });
        return true;
    }

    void relayTo(UdxStream destination) {
        if (relayTo != null || destination.closed) {
            throw new IllegalStateException("EINVAL: cannot relay");
        }
        relayTo = destination;
        destination.relaying.add(this);
    }

    // ---------------------------------------------------------------- writing

    /** Queues a write; returns false when the caller should wait for drain. */
    boolean write(int requestId, List<byte[]> buffers, boolean end) {
        if (!connected) {
            throw new IllegalStateException("ENOTCONN: stream is not connected");
        }
        if (ending) {
            throw new IllegalStateException("EPIPE: stream is ending");
        }
        if (end) {
            ending = true;
        }
        long size = 0;
        for (byte[] b : buffers) {
            size += b.length;
        }
        Write w = new Write(requestId, size);
        for (int i = 0; i < buffers.size(); i++) {
            writeQueue.add(new Segment(w, buffers.get(i), end && i == buffers.size() - 1));
        }
        if (buffers.isEmpty()) {
            writeQueue.add(new Segment(w, new byte[0], end));
        }
        writesQueuedBytes += size;
        sendPackets();
        if (writesQueuedBytes > HIGH_WATERMARK + sendWindowBytes()) {
            hitHighWatermark = true;
            return false;
        }
        return true;
    }

    private long sendWindowBytes() {
        return Math.min((long) cwnd * maxPayload(), sendRwnd);
    }

    private int sendWindowPackets() {
        long rwndPackets = sendRwnd == 0 ? 0 : Math.max(1, sendRwnd / maxPayload());
        return (int) Math.min((long) cwnd, rwndPackets);
    }

    private void sendPackets() {
        if (isDead() || socket == null) {
            return;
        }
        while (!retransmitQueue.isEmpty() && inflightPackets < (int) cwnd) {
            Packet p = retransmitQueue.poll();
            if (outgoing.get(p.seq) != p) {
                continue;
            }
            UdxHeader.putLe32(p.datagram, 8, recvRwnd());
            UdxHeader.putLe32(p.datagram, 16, ack);
            p.lost = false;
            p.retransmitted = true;
            retransmits++;
            transmit(p);
        }
        while (!writeQueue.isEmpty() && inflightPackets < sendWindowPackets()) {
            if (!sendNewPacket(false)) {
                break;
            }
        }
        armRto();
    }

    /** Builds and sends one packet from the write queue; a partial packet waits for the deferred flush. */
    private boolean sendNewPacket(boolean allowPartial) {
        int capacity = maxPayload();
        int size = 0;
        boolean end = false;
        List<Segment> parts = new ArrayList<>();
        List<Integer> lens = new ArrayList<>();
        Iterator<Segment> it = writeQueue.iterator();
        while (it.hasNext() && size < capacity) {
            Segment s = it.next();
            int n = Math.min(capacity - size, s.data.length - s.sent);
            parts.add(s);
            lens.add(n);
            size += n;
            if (s.sent + n == s.data.length && s.end) {
                end = true;
                break;
            }
            if (s.sent + n < s.data.length) {
                break;
            }
        }
        if (parts.isEmpty()) {
            return false;
        }
        if (size < capacity && !end && !allowPartial) {
            scheduleFlush();
            return false;
        }
        byte[] dgram = new byte[UdxHeader.SIZE + size];
        int type = (size > 0 ? UdxHeader.DATA : 0) | (end ? UdxHeader.END : 0);
        UdxHeader.write(dgram, 0, type, remoteId, recvRwnd(), seq, ack);
        Packet p = new Packet(seq, dgram);
        int off = UdxHeader.SIZE;
        for (int i = 0; i < parts.size(); i++) {
            Segment s = parts.get(i);
            int n = lens.get(i);
            System.arraycopy(s.data, s.sent, dgram, off, n);
            off += n;
            s.sent += n;
            p.writes.add(s.write);
            p.lengths.add(n);
            if (s.sent == s.data.length) {
                writeQueue.remove(s);
            }
        }
        outgoing.put(p.seq, p);
        seq++;
        transmit(p);
        return true;
    }

    private void scheduleFlush() {
        if (flushScheduled) {
            return;
        }
        flushScheduled = true;
        udx.clock.defer(() -> {
            flushScheduled = false;
            if (isDead() || socket == null) {
                return;
            }
            while (!writeQueue.isEmpty() && inflightPackets < sendWindowPackets()) {
                if (!sendNewPacket(true)) {
                    break;
                }
            }
            armRto();
        });
    }

    private void transmit(Packet p) {
        p.timeSent = udx.clock.now();
        inflightPackets++;
        socket.send(p.datagram, 0, p.datagram.length, remote);
        packetsTx++;
        bytesTx += p.datagram.length;
    }

    /** A datagram that is not tracked (acks, heartbeats, destroy). */
    private void sendControl(int type, byte[] extra, int extraLen) {
        byte[] d = new byte[UdxHeader.SIZE + extraLen];
        UdxHeader.write(d, 0, type, remoteId, recvRwnd(), seq, ack);
        if (extraLen > 0) {
            System.arraycopy(extra, 0, d, UdxHeader.SIZE, extraLen);
        }
        socket.send(d, 0, d.length, remote);
        packetsTx++;
        bytesTx += d.length;
    }

    /** An unreliable message on the stream (UDX_HEADER_MESSAGE). */
    boolean sendMessage(byte[] data) {
        if (!connected) {
            return false;
        }
        byte[] d = new byte[UdxHeader.SIZE + data.length];
        UdxHeader.write(d, 0, UdxHeader.MESSAGE, remoteId, recvRwnd(), seq, ack);
        System.arraycopy(data, 0, d, UdxHeader.SIZE, data.length);
        packetsTx++;
        bytesTx += d.length;
        return socket.send(d, 0, d.length, remote);
    }

    private void sendAck() {
        if (socket == null) {
            ackNeeded = true;
            return;
        }
        byte[] sacks = new byte[8 * UdxHeader.MAX_SACKS];
        int n = 0;
        if (!incoming.isEmpty()) {
            int remaining = incoming.size();
            boolean inBlock = false;
            int start = 0;
            for (int i = 0; i < MAX_OUT_OF_ORDER && remaining > 0 && n < UdxHeader.MAX_SACKS; i++) {
                int s = ack + 1 + i;
                if (incoming.containsKey(s)) {
                    remaining--;
                    if (!inBlock) {
                        inBlock = true;
                        start = s;
                    }
                } else if (inBlock) {
                    inBlock = false;
                    UdxHeader.putLe32(sacks, 8 * n, start);
                    UdxHeader.putLe32(sacks, 8 * n + 4, s);
                    n++;
                }
            }
            if (inBlock && n < UdxHeader.MAX_SACKS) {
                int end = start;
                while (incoming.containsKey(end)) {
                    end++;
                }
                UdxHeader.putLe32(sacks, 8 * n, start);
                UdxHeader.putLe32(sacks, 8 * n + 4, end);
                n++;
            }
        }
        sendControl(n > 0 ? UdxHeader.SACK : 0, sacks, 8 * n);
        if (endingRemote && !endedRemote && UdxHeader.seqDiff(remoteEnded, ack) < 0) {
            endedRemote = true;
            udx.events.streamEnd(this);
            if (isDead()) {
                return;
            }
        }
        if (ended && endedRemote) {
            close(null);
        }
    }

    // ---------------------------------------------------------------- receiving

    /** Handles a packet addressed to this stream; false lets the socket treat it as a plain message. */
    boolean onPacket(UdxSocket from, byte[] b, InetSocketAddress addr) {
        packetsRx++;
        bytesRx += b.length;
        if (from != socket && udx.events.streamFirewall(this, from, addr)) {
            return true;
        }
        if (isDead()) {
            return true;
        }
        int type = b[2] & 0xff;
        int dataOffset = b[3] & 0xff;
        int rwnd = UdxHeader.le32(b, 8);
        int pseq = UdxHeader.le32(b, 12);
        int pack = UdxHeader.le32(b, 16);

        if (relayTo != null) {
            relay(b, type, pseq);
            return true;
        }
        if ((type & UdxHeader.HEARTBEAT) != 0) {
            sendAck();
            return true;
        }
        int payloadLen = b.length - UdxHeader.SIZE;
        int sackBytes = 0;
        if ((type & UdxHeader.SACK) != 0) {
            sackBytes = dataOffset > 0 && dataOffset < payloadLen ? dataOffset : payloadLen;
        }
        int dataStart = UdxHeader.SIZE;
        if (dataOffset > 0) {
            if (dataOffset > payloadLen) {
                return true;
            }
            dataStart += dataOffset;
        }
        int dataLen = b.length - dataStart;

        boolean dataInflight = remoteAcked != seq;

        if (UdxHeader.seqDiff(ack, pseq) <= 0) {
            if ((type & UdxHeader.DATA_OR_END) != 0 && !incoming.containsKey(pseq) && !endedRemote) {
                if (pseq == ack && (type & UdxHeader.DATA) != 0) {
                    ack++;
                    udx.events.streamData(this, b, dataStart, dataLen);
                    if (isDead()) {
                        return true;
                    }
                } else if (incoming.size() < MAX_OUT_OF_ORDER) {
                    byte[] copy = new byte[dataLen];
                    System.arraycopy(b, dataStart, copy, 0, dataLen);
                    incoming.put(pseq, new Pending(type, copy));
                }
            }
            if ((type & UdxHeader.END) != 0) {
                endingRemote = true;
                remoteEnded = pseq;
            }
            if ((type & UdxHeader.DESTROY) != 0) {
                close("ECONNRESET");
                return true;
            }
        }
        if ((type & UdxHeader.MESSAGE) != 0) {
            udx.events.streamMessage(this, b, dataStart, dataLen);
            if (isDead()) {
                return true;
            }
        }
        while (!endedRemote) {
            Pending p = incoming.remove(ack);
            if (p == null) {
                break;
            }
            ack++;
            if ((p.type() & UdxHeader.DATA) != 0) {
                udx.events.streamData(this, p.data(), 0, p.data().length);
                if (isDead()) {
                    return true;
                }
            }
        }

        if (UdxHeader.seqDiff(seq, pack) >= 0) {
            processAck(pack, rwnd, b, UdxHeader.SIZE, sackBytes / 8);
            if (isDead()) {
                return true;
            }
        }

        if ((type & UdxHeader.DATA_OR_END) != 0) {
            sendAck();
            if (isDead()) {
                return true;
            }
        }
        if (dataInflight || !writeQueue.isEmpty() || !retransmitQueue.isEmpty()) {
            sendPackets();
        }
        return true;
    }

    private void processAck(int pack, int rwnd, byte[] b, int sackOff, int nsacks) {
        sendRwnd = rwnd & 0xffffffffL;
        if (remoteChanging && UdxHeader.seqDiff(pack, seqOnRemoteChanged) >= 0) {
            remoteChanging = false;
            udx.events.streamRemoteChanged(this);
            if (isDead()) {
                return;
            }
        }
        if (inRecovery && UdxHeader.seqDiff(pack, highSeq) > 0) {
            inRecovery = false;
        }
        int delivered = 0;
        boolean localEnded = false;
        for (int p = remoteAcked; UdxHeader.seqDiff(p, pack) < 0; p++) {
            int a = ackPacket(p);
            if (a > 0) {
                delivered++;
            }
            if (a == 2) {
                localEnded = true;
                break;
            }
            if (isDead()) {
                return;
            }
        }
        boolean advanced = UdxHeader.seqDiff(pack, remoteAcked) > 0;
        if (advanced) {
            remoteAcked = pack;
            rtoTimeouts = 0;
        }
        if (localEnded) {
            if (isDead()) {
                return;
            }
            if (ended && endedRemote) {
                close(null);
                return;
            }
            sendAck();
            return;
        }
        int highestSacked = -1;
        boolean anySacked = false;
        for (int i = 0; i < nsacks; i++) {
            int start = UdxHeader.le32(b, sackOff + 8 * i);
            int end = UdxHeader.le32(b, sackOff + 8 * i + 4);
            if (UdxHeader.seqDiff(end, seq) > 0 || UdxHeader.seqDiff(start, end) >= 0
                    || UdxHeader.seqDiff(start, remoteAcked) < 0) {
                continue;
            }
            for (int p = start; p != end; p++) {
                int a = ackPacket(p);
                if (a > 0) {
                    delivered++;
                }
                if (a == 2 || isDead()) {
                    return;
                }
            }
            if (!anySacked || UdxHeader.seqDiff(end, highestSacked) > 0) {
                highestSacked = end;
                anySacked = true;
            }
        }
        if (delivered > 0) {
            growWindow(delivered);
            if (nsacks > 0) {
                detectLoss();
            }
            if (remoteAcked == seq) {
                cancelRto();
            } else if (advanced) {
                restartRto();
            }
        }
    }

    /** Returns 0 if the packet was not outstanding, 1 if newly acked, 2 if this ack completed our END. */
    private int ackPacket(int p) {
        Packet pkt = outgoing.remove(p);
        if (pkt == null) {
            return 0;
        }
        if (pkt.lost) {
            retransmitQueue.remove(pkt);
        } else {
            inflightPackets--;
        }
        double now = udx.clock.now();
        double rtt = Math.max(0, now - pkt.timeSent);
        if (!pkt.retransmitted) {
            minRtt = Math.min(minRtt, rtt);
            if (srtt == 0) {
                srtt = Math.max(rtt, 0.001);
                rttvar = rtt / 2;
            } else {
                rttvar = (3 * rttvar + Math.abs(srtt - rtt)) / 4;
                srtt = (7 * srtt + rtt) / 8;
            }
            rto = Math.min(RTO_MAX_MS, Math.max(srtt + 4 * rttvar, RTO_MIN_MS));
            rackRtt = rtt;
            if (pkt.timeSent > rackTimeSent) {
                rackTimeSent = pkt.timeSent;
            }
        }
        for (int i = 0; i < pkt.writes.size(); i++) {
            Write w = pkt.writes.get(i);
            int n = pkt.lengths.get(i);
            w.acked += n;
            writesQueuedBytes -= n;
            if (hitHighWatermark && writesQueuedBytes < HIGH_WATERMARK + sendWindowBytes()) {
                hitHighWatermark = false;
                udx.events.streamDrain(this);
                if (isDead()) {
                    return 2;
                }
            }
            if (w.acked == w.size && !w.reported) {
                w.reported = true;
                udx.events.streamAck(this, w.requestId);
                if (isDead()) {
                    return 2;
                }
            }
        }
        if (ending && !ended && outgoing.isEmpty() && writeQueue.isEmpty()) {
            ended = true;
            return 2;
        }
        return 1;
    }

    private void growWindow(int delivered) {
        if (inRecovery) {
            return;
        }
        if (cwnd < ssthresh) {
            cwnd += delivered;
        } else {
            cwnd += (double) delivered / cwnd;
        }
        cwnd = Math.min(cwnd, MAX_CWND);
    }

    /** RACK-like: a packet sent before the most recently delivered one, and older than rtt + reordering window, is lost. */
    private void detectLoss() {
        if (rackTimeSent < 0) {
            return;
        }
        double now = udx.clock.now();
        double reoWnd = minRtt == Double.MAX_VALUE ? 0 : Math.min(minRtt / 4, srtt);
        boolean lostAny = false;
        for (Packet p : outgoing.values()) {
            if (p.lost || p.timeSent >= rackTimeSent) {
                continue;
            }
            if (p.timeSent + rackRtt + reoWnd <= now) {
                markLost(p);
                lostAny = true;
            }
        }
        if (lostAny && !inRecovery) {
            inRecovery = true;
            highSeq = seq;
            ssthresh = Math.max(cwnd / 2, 2);
            cwnd = ssthresh;
        }
    }

    private void markLost(Packet p) {
        p.lost = true;
        inflightPackets--;
        retransmitQueue.add(p);
    }

    // ---------------------------------------------------------------- timers

    private void armRto() {
        if (rtoTimer == null && remoteAcked != seq && !isDead()) {
            rtoTimer = udx.clock.schedule(this::onRto, rto);
        }
    }

    private void restartRto() {
        cancelRto();
        armRto();
    }

    private void cancelRto() {
        if (rtoTimer != null) {
            rtoTimer.run();
            rtoTimer = null;
        }
    }

    private void onRto() {
        rtoTimer = null;
        if (isDead() || remoteAcked == seq) {
            return;
        }
        // counted per stream, not per packet: with several packets in flight, cwnd 1 resends one of them per
        // timeout, so a per-packet count grew by one every n timeouts and a stream to a vanished peer (a NAT
        // mapping gone, a host switched off) stayed open for many minutes, and the swarm never dialled again
        if (++rtoTimeouts >= MAX_RTO_TIMEOUTS) {
            close("ETIMEDOUT");
            return;
        }
        for (Packet p : outgoing.values()) {
            if (!p.lost) {
                markLost(p);
            }
        }
        ssthresh = Math.max(cwnd / 2, 2);
        cwnd = 1;
        inRecovery = false;
        highSeq = seq;
        sendPackets();
        cancelRto();
        rtoTimer = udx.clock.schedule(this::onRto, Math.min(RTO_MAX_MS, rto * 2));
        rto = Math.min(RTO_MAX_MS, rto * 2);
    }

    private void armKeepalive() {
        if (keepaliveTimer != null) {
            keepaliveTimer.run();
            keepaliveTimer = null;
        }
        if (keepaliveMs > 0 && connected && !isDead()) {
            keepaliveTimer = udx.clock.schedule(() -> {
                keepaliveTimer = null;
                if (isDead()) {
                    return;
                }
                if (remoteAcked == seq) {
                    sendControl(UdxHeader.HEARTBEAT, null, 0);
                }
                armKeepalive();
            }, keepaliveMs);
        }
    }

    // ---------------------------------------------------------------- relay, destroy, close

    private void relay(byte[] b, int type, int pseq) {
        if (UdxHeader.seqDiff(pseq, seq) > 0) {
            seq = pseq;
        }
        UdxStream r = relayTo;
        if (r.socket != null && r.remote != null) {
            byte[] copy = b.clone();
            UdxHeader.putLe32(copy, 4, r.remoteId);
            r.socket.send(copy, 0, copy.length, r.remote);
        }
        if ((type & UdxHeader.DESTROY) != 0) {
            close("ECONNRESET");
        }
    }

    /** Sends DESTROY when connected; the close event follows. */
    void destroy() {
        if (closed) {
            return;
        }
        if (!connected) {
            close(null);
            return;
        }
        if (relayTo != null) {
            destroying = true;
            closeInternal(null);
            return;
        }
        destroying = true;
        byte[] d = new byte[UdxHeader.SIZE];
        UdxHeader.write(d, 0, UdxHeader.DESTROY, remoteId, recvRwnd(), seq, ack);
        seq++;
        socket.send(d, 0, d.length, remote);
        closeInternal(null);
    }

    private void close(String error) {
        if (destroying) {
            return;
        }
        closeInternal(error);
    }

    private void closeInternal(String error) {
        if (closed) {
            return;
        }
        LOG.debug("stream {} to {} at {} closed{} ({} packets out, {} in)", localId, remoteId, remote,
                error == null ? "" : ": " + error, packetsTx, packetsRx);
        closed = true;
        connected = false;
        udx.streamsById.remove(localId, this);
        cancelRto();
        if (keepaliveTimer != null) {
            keepaliveTimer.run();
            keepaliveTimer = null;
        }
        udx.events.streamClosed(this, error);
        outgoing.clear();
        retransmitQueue.clear();
        writeQueue.clear();
        incoming.clear();
        if (relayTo != null) {
            relayTo.relaying.remove(this);
        }
        for (UdxStream s : new ArrayList<>(relaying)) {
            s.relayTo = null;
            s.destroy();
        }
        relaying.clear();
    }
}
