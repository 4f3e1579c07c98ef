package org.p2pstack.ipfs.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A yamux session (hashicorp/yamux spec.md) over a secure channel: streams with per-stream flow control,
 * pings, go-away. The dialer uses odd stream IDs, the listener even ones. Bounds: {@link #MAX_STREAMS}
 * streams, {@link #MAX_RECEIVE_WINDOW} per stream; data beyond the window we granted, a duplicate SYN or a
 * frame for a stream of the wrong parity is a protocol error that ends the session.
 */
public final class YamuxSession implements AutoCloseable {

    public static final String PROTOCOL_ID = "/yamux/1.0.0";
    /** The window every stream starts with (spec). */
    public static final int INITIAL_WINDOW = 256 * 1024;
    /** The window we grant each stream (sent as an update with SYN/ACK). */
    public static final int RECEIVE_WINDOW = 4 * 1024 * 1024;
    /** Largest window a peer may grant us that we track; bigger updates are clamped. */
    public static final long MAX_RECEIVE_WINDOW = 16L * 1024 * 1024;
    /** Most concurrent streams. */
    public static final int MAX_STREAMS = 512;
    /** Largest data frame we send. */
    public static final int MAX_DATA_FRAME = 256 * 1024;
    static final int GO_AWAY_NORMAL = 0;
    static final int GO_AWAY_PROTOCOL_ERROR = 1;

    private static final Logger LOG = LoggerFactory.getLogger(YamuxSession.class);

    private final InputStream in;
    private final OutputStream out;
    private final boolean client;
    private final Consumer<YamuxStream> onInbound;
    private final Runnable onClose;
    private final Map<Integer, YamuxStream> streams = new ConcurrentHashMap<>();
    private final AtomicInteger nextId;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread reader;

    public YamuxSession(InputStream in, OutputStream out, boolean client, Consumer<YamuxStream> onInbound,
            Runnable onClose, String name, StreamThreads threads) {
        this.in = in;
        this.out = out;
        this.client = client;
        this.onInbound = onInbound;
        this.onClose = onClose;
        this.nextId = new AtomicInteger(client ? 1 : 2);
        this.reader = threads.factory("yamux-" + name + "-").newThread(this::readLoop);
    }

    public void start() {
        reader.start();
    }

    public boolean isOpen() {
        return !closed.get();
    }

    public int streamCount() {
        return streams.size();
    }

    /** Opens an outbound stream (SYN with our window grant). */
    public YamuxStream open() throws IOException {
        if (closed.get()) {
            throw new IOException("connection closed");
        }
        if (streams.size() >= MAX_STREAMS) {
            throw new IOException("too many streams");
        }
        int id = nextId.getAndAdd(2);
        YamuxStream s = new YamuxStream(this, id);
        streams.put(id, s);
        writeFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, id, RECEIVE_WINDOW - INITIAL_WINDOW, null, 0, 0);
        return s;
    }

    void writeFrame(int type, int flags, int id, long length, byte[] data, int off, int len) throws IOException {
        if (closed.get() && type != YamuxFrame.TYPE_GO_AWAY) {
            throw new IOException("connection closed");
        }
        synchronized (out) {
            out.write(YamuxFrame.encode(type, flags, id, length));
            if (len > 0) {
                out.write(data, off, len);
            }
            out.flush();
        }
    }

    void removeStream(int id) {
        streams.remove(id);
    }

    private void readLoop() {
        String reason = "closed by peer";
        try {
            YamuxFrame f;
            while ((f = YamuxFrame.read(in)) != null) {
                handle(f);
            }
        } catch (ProtocolException e) {
            reason = e.getMessage();
            LOG.debug("yamux protocol error: {}", e.getMessage());
            try {
                writeFrame(YamuxFrame.TYPE_GO_AWAY, 0, 0, GO_AWAY_PROTOCOL_ERROR, null, 0, 0);
            } catch (IOException ignored) {
                // closing anyway
            }
        } catch (IOException e) {
            reason = e.getMessage();
        } finally {
            shutdown(reason);
        }
    }

    private void handle(YamuxFrame f) throws IOException {
        switch (f.type()) {
            case YamuxFrame.TYPE_PING -> {
                if ((f.flags() & YamuxFrame.FLAG_SYN) != 0) {
                    writeFrame(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_ACK, 0, f.length(), null, 0, 0);
                }
            }
            case YamuxFrame.TYPE_GO_AWAY -> throw new IOException("peer sent go-away " + f.length());
            case YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.TYPE_DATA -> {
                YamuxStream s = streamFor(f);
                if (f.type() == YamuxFrame.TYPE_DATA) {
                    if (f.length() > MAX_RECEIVE_WINDOW) {
                        throw new ProtocolException("yamux data frame of " + f.length() + " bytes");
                    }
                    int len = (int) f.length();
                    byte[] data = LengthPrefixed.readExactly(in, len);
                    if (s != null) {
                        s.received(data);
                    }
                } else if (s != null) {
                    s.windowUpdate(f.length());
                }
                if (s != null) {
                    if ((f.flags() & YamuxFrame.FLAG_RST) != 0) {
                        s.remoteReset();
                    } else if ((f.flags() & YamuxFrame.FLAG_FIN) != 0) {
                        s.remoteFin();
                    }
                }
            }
            default -> throw new ProtocolException("yamux frame type " + f.type());
        }
    }

    private YamuxStream streamFor(YamuxFrame f) throws IOException {
        int id = f.streamId();
        if ((f.flags() & YamuxFrame.FLAG_SYN) != 0) {
            boolean remoteParity = (id % 2 == 1) != client;
            if (id == 0 || !remoteParity) {
                throw new ProtocolException("yamux SYN for stream " + id + " of the wrong parity");
            }
            if (streams.containsKey(id)) {
                throw new ProtocolException("yamux duplicate SYN for stream " + id);
            }
            if (streams.size() >= MAX_STREAMS) {
                writeFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0, null, 0, 0);
                return null;
            }
            YamuxStream s = new YamuxStream(this, id);
            streams.put(id, s);
            writeFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_ACK, id, RECEIVE_WINDOW - INITIAL_WINDOW, null, 0, 0);
            onInbound.accept(s);
            return s;
        }
        return streams.get(id); // null: a stream we already closed; its frames are dropped
    }

    private void shutdown(String reason) {
        if (closed.compareAndSet(false, true)) {
            for (YamuxStream s : List.copyOf(streams.values())) {
                s.sessionClosed(reason);
            }
            streams.clear();
            try {
                in.close();
            } catch (IOException ignored) {
                // closing
            }
            try {
                out.close();
            } catch (IOException ignored) {
                // closing
            }
            onClose.run();
        }
    }

    @Override
    public void close() {
        if (!closed.get()) {
            try {
                writeFrame(YamuxFrame.TYPE_GO_AWAY, 0, 0, GO_AWAY_NORMAL, null, 0, 0);
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        shutdown("closed locally");
    }
}
