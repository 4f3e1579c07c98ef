package org.p2pstack.swarm.internal.udx;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The Java side of udx-native's binding (js/shims/udx-binding.js): UDX instances, sockets and streams by
 * integer handle. Outgoing bytes arrive in the loop's scratch buffer; incoming bytes are put in
 * {@link #inbox()} just before the JS event function is called with their length, and JS copies them at
 * once. Everything runs on the JS loop thread except the selector, which only reads datagrams.
 */
public final class UdxHost implements UdxEvents, AutoCloseable {

    private final UdxClock loop;
    private final Supplier<ByteBuffer> scratch;
    private final UdxIo io;
    private final UdxSender sender = new UdxSender("udx-send");
    private final ByteBuffer inbox = ByteBuffer.allocate(UdxIo.MAX_DATAGRAM);
    private final Map<Integer, Udx> udxs = new HashMap<>();
    private final Map<Integer, UdxSocket> sockets = new HashMap<>();
    private final Map<Integer, UdxStream> streams = new HashMap<>();
    private final Map<Object, Integer> handles = new HashMap<>();
    private int nextHandle = 1;
    private Value events;
    /**
     * The stream whose in-order bytes are gathering in the inbox: they reach JS as one 'data' event per
     * batch of datagrams (at most the inbox's 64 KiB) instead of one call into JS per packet. Any other
     * event hands them over first, so JS sees everything in order.
     */
    private UdxStream pendingStream;
    private int pendingLength;

    /** @param loop the thread all of UDX runs on: datagrams, lookups and closes are handed to it */
    public UdxHost(UdxClock loop, Supplier<ByteBuffer> scratch) throws IOException {
        this.loop = loop;
        this.scratch = scratch;
        this.io = new UdxIo("udx-io", batch -> loop.defer(() -> {
            for (UdxIo.Datagram d : batch) {
                if (!d.socket().closed) {
                    d.socket().onDatagram(d.data(), d.from());
                }
            }
            flushData();
        }));
    }

    // ---------------------------------------------------------------- JS API

    @HostAccess.Export
    public void setEvents(Value fn) {
        this.events = fn;
    }

    @HostAccess.Export
    public ByteBuffer inbox() {
        return inbox;
    }

    @HostAccess.Export
    public int udxInit() {
        int h = nextHandle++;
        udxs.put(h, new Udx(this, loop));
        return h;
    }

    @HostAccess.Export
    public int socketInit(int udx) {
        int h = nextHandle++;
        UdxSocket s = new UdxSocket(udxs.get(udx), h);
        sockets.put(h, s);
        handles.put(s, h);
        return h;
    }

    @HostAccess.Export
    public int socketBind(int socket, int port, String host, int family, int flags) throws IOException {
        return sockets.get(socket).bind(io, sender, port, host, family, (flags & 4) != 0);
    }

    @HostAccess.Export
    public int socketSend(int socket, int len, int port, String host) {
        UdxSocket s = sockets.get(socket);
        if (s == null) {
            return -1;
        }
        return s.send(scratch.get().array(), 0, len, new InetSocketAddress(address(host), port)) ? 0 : -1;
    }

    @HostAccess.Export
    public void socketClose(int socket) {
        UdxSocket s = sockets.remove(socket);
        if (s != null) {
            // datagrams already read for it would reach streams JS thinks are gone ("Socket is closed" in a firewall callback)
            s.closing = true;
            loop.defer(s::close);
        }
    }

    @HostAccess.Export
    public double socketStat(int socket, int which) {
        UdxSocket s = sockets.get(socket);
        if (s == null) {
            return 0;
        }
        return switch (which) {
            case 0 -> s.bytesTx;
            case 1 -> s.packetsTx;
            case 2 -> s.bytesRx;
            default -> s.packetsRx;
        };
    }

    @HostAccess.Export
    public int streamInit(int udx, int localId) {
        int h = nextHandle++;
        UdxStream s = new UdxStream(udxs.get(udx), localId);
        streams.put(h, s);
        handles.put(s, h);
        return h;
    }

    @HostAccess.Export
    public void streamSetSeq(int stream, int seq) {
        streams.get(stream).setSeq(seq);
    }

    @HostAccess.Export
    public void streamSetAck(int stream, int ack) {
        streams.get(stream).setAck(ack);
    }

    @HostAccess.Export
    public void streamSetKeepalive(int stream, int ms) {
        UdxStream s = streams.get(stream);
        if (s != null) {
            s.setKeepalive(ms);
        }
    }

    @HostAccess.Export
    public void streamConnect(int stream, int socket, int remoteId, int port, String host) {
        streams.get(stream).connect(sockets.get(socket), remoteId, new InetSocketAddress(address(host), port));
    }

    @HostAccess.Export
    public boolean streamChangeRemote(int stream, int socket, int remoteId, int port, String host) {
        return streams.get(stream).changeRemote(sockets.get(socket), remoteId, new InetSocketAddress(address(host), port));
    }

    @HostAccess.Export
    public void streamRelayTo(int stream, int destination) {
        streams.get(stream).relayTo(streams.get(destination));
    }

    @HostAccess.Export
    public boolean streamSend(int stream, int len) {
        UdxStream s = streams.get(stream);
        if (s == null) {
            return false;
        }
        byte[] data = new byte[len];
        System.arraycopy(scratch.get().array(), 0, data, 0, len);
        return s.sendMessage(data);
    }

    /** The bytes are in scratch[0, len); returns true when drained (the writer may go on). */
    @HostAccess.Export
    public boolean streamWrite(int stream, int requestId, int len, boolean end) {
        UdxStream s = streams.get(stream);
        byte[] data = new byte[len];
        System.arraycopy(scratch.get().array(), 0, data, 0, len);
        return s.write(requestId, List.of(data), end);
    }

    @HostAccess.Export
    public void streamDestroy(int stream) {
        UdxStream s = streams.get(stream);
        if (s != null) {
            s.destroy();
        }
    }

    /** rtt ms, cwnd packets, inflight bytes, mtu, retransmits, bytes tx, packets tx, bytes rx, packets rx. */
    @HostAccess.Export
    public double streamStat(int stream, int which) {
        UdxStream s = streams.get(stream);
        if (s == null) {
            return 0;
        }
        return switch (which) {
            case 0 -> s.rttMs();
            case 1 -> s.cwndPackets();
            case 2 -> s.inflightBytes();
            case 3 -> s.mtu();
            case 4 -> s.retransmits;
            case 5 -> s.bytesTx;
            case 6 -> s.packetsTx;
            case 7 -> s.bytesRx;
            default -> s.packetsRx;
        };
    }

    /** The machine's interface addresses as JSON: [{name, host, family, internal}]. */
    @HostAccess.Export
    public String networkInterfaces() {
        StringBuilder sb = new StringBuilder("[");
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp()) {
                    continue;
                }
                for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                    InetAddress a = ia.getAddress();
                    String host = a.getHostAddress();
                    int pct = host.indexOf('%');
                    if (pct >= 0) {
                        host = host.substring(0, pct);
                    }
                    if (sb.length() > 1) {
                        sb.append(',');
                    }
                    sb.append("{\"name\":\"").append(ni.getName().replace("\"", "")).append("\",\"host\":\"").append(host)
                            .append("\",\"family\":").append(a instanceof Inet6Address ? 6 : 4)
                            .append(",\"internal\":").append(ni.isLoopback()).append('}');
                }
            }
        } catch (SocketException e) {
            // no interfaces: an empty list
        }
        return sb.append(']').toString();
    }

    /** Resolves {@code host} off the loop, then calls {@code callback(err, address, family)} on it. */
    @HostAccess.Export
    public void lookup(String host, int family, Value callback) {
        Thread t = new Thread(() -> {
            String result = null;
            int fam = 0;
            String error = null;
            try {
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    int f = a instanceof Inet4Address ? 4 : 6;
                    if (family == 0 || family == f) {
                        result = a.getHostAddress();
                        fam = f;
                        break;
                    }
                }
                if (result == null) {
                    error = "ENOTFOUND";
                }
            } catch (IOException e) {
                error = "ENOTFOUND";
            }
            String r = result;
            int rf = fam;
            String err = error;
            loop.defer(() -> callback.executeVoid(err, r, rf));
        }, "udx-lookup");
        t.setDaemon(true);
        t.start();
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (IOException e) {
            throw new IllegalArgumentException(host + " is not a valid IP address");
        }
    }

    // ---------------------------------------------------------------- events to JS

    private int put(byte[] data, int off, int len) {
        flushData(); // the inbox is about to be overwritten
        System.arraycopy(data, off, inbox.array(), 0, len);
        return len;
    }

    private void emit(String kind, Object... args) {
        flushData();
        emitNow(kind, args);
    }

    private void emitNow(String kind, Object... args) {
        if (events != null) {
            Object[] all = new Object[args.length + 1];
            all[0] = kind;
            System.arraycopy(args, 0, all, 1, args.length);
            events.executeVoid(all);
        }
    }

    @Override
    public void socketMessage(UdxSocket socket, byte[] data, int off, int len, InetSocketAddress from) {
        int n = put(data, off, len);
        InetAddress a = from.getAddress();
        emit("message", socket.id, n, from.getPort(), hostOf(a), a instanceof Inet6Address ? 6 : 4);
    }

    private static String hostOf(InetAddress a) {
        String h = a.getHostAddress();
        int pct = h.indexOf('%');
        return pct >= 0 ? h.substring(0, pct) : h;
    }

    @Override
    public void socketClosed(UdxSocket socket) {
        handles.remove(socket);
        emit("socket-close", socket.id);
    }

    private int handle(UdxStream stream) {
        Integer h = handles.get(stream);
        return h == null ? 0 : h;
    }

    @Override
    public void streamData(UdxStream stream, byte[] data, int off, int len) {
        if (pendingStream != stream || pendingLength + len > inbox.capacity()) {
            flushData();
        }
        System.arraycopy(data, off, inbox.array(), pendingLength, len);
        pendingStream = stream;
        pendingLength += len;
    }

    /** Hands the gathered bytes of {@link #pendingStream} to JS. */
    private void flushData() {
        if (pendingStream == null) {
            return;
        }
        UdxStream stream = pendingStream;
        int length = pendingLength;
        pendingStream = null;
        pendingLength = 0;
        emitNow("data", handle(stream), length);
    }

    @Override
    public void streamEnd(UdxStream stream) {
        emit("end", handle(stream));
    }

    @Override
    public void streamDrain(UdxStream stream) {
        emit("drain", handle(stream));
    }

    @Override
    public void streamAck(UdxStream stream, int requestId) {
        emit("ack", handle(stream), requestId);
    }

    @Override
    public void streamMessage(UdxStream stream, byte[] data, int off, int len) {
        emit("stream-message", handle(stream), put(data, off, len));
    }

    @Override
    public void streamClosed(UdxStream stream, String error) {
        int h = handle(stream);
        streams.remove(h);
        handles.remove(stream);
        emit("close", h, error);
    }

    @Override
    public boolean streamFirewall(UdxStream stream, UdxSocket socket, InetSocketAddress from) {
        if (events == null) {
            return true;
        }
        InetAddress a = from.getAddress();
        Value r = events.execute("firewall", handle(stream), socket.id, from.getPort(), hostOf(a), a instanceof Inet6Address ? 6 : 4);
        return r.isBoolean() ? r.asBoolean() : r.asInt() != 0;
    }

    @Override
    public void streamRemoteChanged(UdxStream stream) {
        emit("remote-changed", handle(stream));
    }

    /** Only for tests and status: the handles in use. */
    public int openStreams() {
        return streams.size();
    }

    @Override
    public void close() {
        for (UdxSocket s : new ArrayList<>(sockets.values())) {
            s.closed = true;
        }
        io.close();
        sender.close();
    }
}
