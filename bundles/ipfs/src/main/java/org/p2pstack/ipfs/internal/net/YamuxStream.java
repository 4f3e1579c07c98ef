package org.p2pstack.ipfs.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;

/**
 * One yamux stream: a blocking InputStream fed by the session's reader thread (bounded by the window we
 * granted) and an OutputStream that waits for the peer's window. {@link #closeWrite()} half-closes (FIN).
 */
public final class YamuxStream implements AutoCloseable {

    private final YamuxSession session;
    private final int id;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private byte[] current;
    private int currentPos;
    /** Bytes the peer may still send us. */
    private long recvWindow = YamuxSession.RECEIVE_WINDOW;
    /** Bytes read by the application since our last window update. */
    private long consumed;
    /** Bytes we may still send. */
    private long sendWindow = YamuxSession.INITIAL_WINDOW;
    private boolean remoteClosed;
    private boolean localClosed;
    private String resetReason;
    private boolean writeReset;
    private volatile String protocol;
    /** The protocol proposed optimistically whose answer has not been read yet (read by one thread only). */
    private volatile String pendingAnswer;
    private final In in = new In();
    private final Out out = new Out();

    YamuxStream(YamuxSession session, int id) {
        this.session = session;
        this.id = id;
    }

    public int id() {
        return id;
    }

    public InputStream in() {
        return in;
    }

    public OutputStream out() {
        return out;
    }

    public String protocol() {
        return protocol;
    }

    public void protocol(String p) {
        this.protocol = p;
    }

    synchronized void received(byte[] data) throws ProtocolException {
        if (data.length > recvWindow) {
            throw new ProtocolException("yamux stream " + id + " sent " + data.length + " bytes beyond its window of " + recvWindow);
        }
        recvWindow -= data.length;
        if (data.length > 0 && resetReason == null) {
            chunks.add(data);
        }
        notifyAll();
    }

    synchronized void windowUpdate(long delta) {
        sendWindow = Math.min(sendWindow + delta, YamuxSession.MAX_RECEIVE_WINDOW);
        notifyAll();
    }

    synchronized void remoteFin() {
        remoteClosed = true;
        notifyAll();
        maybeRemove();
    }

    /**
     * The peer reset the stream. Data it sent before the reset stays readable: js-libp2p resets streams it has
     * already finished with (FIN sent) when our late multistream answer arrives, and the data must not be lost.
     */
    synchronized void remoteReset() {
        if (!remoteClosed) {
            resetReason = "stream reset by peer";
        }
        remoteClosed = true;
        localClosed = true;
        writeReset = true;
        notifyAll();
        session.removeStream(id);
    }

    synchronized void sessionClosed(String reason) {
        if (resetReason == null) {
            resetReason = "connection closed: " + reason;
        }
        remoteClosed = true;
        localClosed = true;
        notifyAll();
    }

    private void maybeRemove() {
        if (remoteClosed && localClosed) {
            session.removeStream(id);
        }
    }

    /** Half-closes: the peer reads end-of-stream after what we sent. */
    public void closeWrite() throws IOException {
        synchronized (this) {
            if (localClosed) {
                return;
            }
            localClosed = true;
            maybeRemove();
        }
        session.writeFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_FIN, id, 0, null, 0, 0);
    }

    /** Aborts the stream in both directions. */
    public void reset() {
        synchronized (this) {
            if (resetReason != null) {
                return;
            }
            resetReason = "stream reset";
            localClosed = true;
            remoteClosed = true;
            chunks.clear();
            notifyAll();
            session.removeStream(id);
        }
        try {
            session.writeFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0, null, 0, 0);
        } catch (IOException ignored) {
            // connection gone
        }
    }

    @Override
    public void close() {
        try {
            closeWrite();
        } catch (IOException e) {
            reset();
        }
    }

    /**
     * After an optimistic multistream-select the listener's answer is still to come: it is read and checked
     * before the first byte the application reads.
     */
    void expectSelectAnswer(String selected) {
        this.pendingAnswer = selected;
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            String answer = pendingAnswer;
            if (answer != null) {
                pendingAnswer = null; // before reading it, since the lines are read through this very method
                Multistream.expectAnswer(this, answer);
            }
            if (len == 0) {
                return 0;
            }
            long update;
            int n;
            synchronized (YamuxStream.this) {
                while (current == null || currentPos >= current.length) {
                    current = chunks.poll();
                    currentPos = 0;
                    if (current != null) {
                        break;
                    }
                    if (resetReason != null) {
                        throw new IOException(resetReason);
                    }
                    if (remoteClosed) {
                        return -1;
                    }
                    try {
                        YamuxStream.this.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException();
                    }
                }
                n = Math.min(len, current.length - currentPos);
                System.arraycopy(current, currentPos, b, off, n);
                currentPos += n;
                consumed += n;
                update = 0;
                if (consumed >= YamuxSession.RECEIVE_WINDOW / 2 && !remoteClosed) {
                    update = consumed;
                    recvWindow += consumed;
                    consumed = 0;
                }
            }
            if (update > 0) {
                session.writeFrame(YamuxFrame.TYPE_WINDOW_UPDATE, 0, id, update, null, 0, 0);
            }
            return n;
        }

        @Override
        public int available() {
            synchronized (YamuxStream.this) {
                return current == null ? 0 : current.length - currentPos;
            }
        }

        @Override
        public void close() {
            // reading side: nothing to tell the peer; the stream closes with closeWrite()/reset()
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n;
                synchronized (YamuxStream.this) {
                    while (sendWindow == 0 && resetReason == null && !localClosed) {
                        try {
                            YamuxStream.this.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException();
                        }
                    }
                    if (resetReason != null) {
                        throw new IOException(resetReason);
                    }
                    if (writeReset) {
                        throw new IOException("stream reset by peer");
                    }
                    if (localClosed) {
                        throw new IOException("stream closed for writing");
                    }
                    n = (int) Math.min(Math.min(len, sendWindow), YamuxSession.MAX_DATA_FRAME);
                    sendWindow -= n;
                }
                session.writeFrame(YamuxFrame.TYPE_DATA, 0, id, n, b, off, n);
                off += n;
                len -= n;
            }
        }

        @Override
        public void close() throws IOException {
            closeWrite();
        }
    }
}
