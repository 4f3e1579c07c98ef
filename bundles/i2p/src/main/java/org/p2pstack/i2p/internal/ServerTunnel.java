package org.p2pstack.i2p.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import net.i2p.I2PException;
import net.i2p.client.streaming.I2PServerSocket;
import net.i2p.client.streaming.I2PSocket;
import net.i2p.data.Destination;

import org.p2pstack.i2p.internal.http.HttpHead;
import org.p2pstack.i2p.internal.http.HttpIo;
import org.p2pstack.i2p.internal.http.HttpParseException;
import org.p2pstack.i2p.internal.http.RequestLine;
import org.p2pstack.i2p.internal.http.ResponseBody;
import org.p2pstack.i2p.internal.http.ServerRequestRewriter;
import org.p2pstack.i2p.internal.http.Visitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server tunnel: every stream that arrives at the node's destination carries one HTTP request for the
 * public site on 127.0.0.1:{@code publicPort} and nothing else. Visitors are identified by their verified
 * destination; their forged identity headers are replaced.
 */
public final class ServerTunnel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTunnel.class);

    /** Time a visitor may stay silent (head, body) and the public site may take between two reads. */
    public static final int IDLE_MILLIS = 60_000;
    /** Largest request body forwarded (forms of the public site). */
    public static final long MAX_REQUEST_BODY = 1024 * 1024;
    /** Streams one visitor may have open at once; more get 429. */
    public static final int MAX_CONCURRENT_PER_VISITOR = 6;
    /** Streams served at once in total; more get 503. */
    public static final int MAX_CONCURRENT_TOTAL = 48;
    static final int BACKEND_CONNECT_MILLIS = 5_000;
    /** Bounds of the drain before a stream is closed (see {@link #finish}). */
    static final int DRAIN_MILLIS = 2_000;
    static final long DRAIN_MAX_BYTES = 64 * 1024;

    private final I2PServerSocket serverSocket;
    private final int publicPort;
    private final String ownB32;
    private final ExecutorService workers;
    private final Map<String, AtomicInteger> perVisitor = new ConcurrentHashMap<>();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean running = true;
    private final Thread acceptor;

    public ServerTunnel(I2PServerSocket serverSocket, int publicPort, String ownB32) {
        this.serverSocket = serverSocket;
        this.publicPort = publicPort;
        this.ownB32 = ownB32;
        this.workers = new ThreadPoolExecutor(0, MAX_CONCURRENT_TOTAL, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> daemon(r, "i2p-server-tunnel"));
        this.acceptor = daemon(this::acceptLoop, "i2p-server-accept");
        acceptor.start();
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void acceptLoop() {
        while (running) {
            I2PSocket s;
            try {
                s = serverSocket.accept();
            } catch (I2PException | IOException e) {
                if (running) {
                    LOG.debug("server tunnel accept: {}", e.toString());
                    sleepQuietly(500);
                }
                continue;
            }
            if (s == null) {
                continue;
            }
            try {
                workers.execute(() -> serve(s));
            } catch (RejectedExecutionException e) {
                refused.incrementAndGet();
                answerAndClose(s, 503, "busy");
            }
        }
    }

    private void serve(I2PSocket s) {
        Destination peer = s.getPeerDestination();
        String key = peer == null ? "?" : peer.calculateHash().toBase64();
        AtomicInteger count = perVisitor.computeIfAbsent(key, k -> new AtomicInteger());
        try {
            if (peer == null) {
                answerAndClose(s, 400, "unknown visitor");
                return;
            }
            if (count.incrementAndGet() > MAX_CONCURRENT_PER_VISITOR) {
                refused.incrementAndGet();
                answerAndClose(s, 429, "too many requests at once");
                return;
            }
            s.setReadTimeout(IDLE_MILLIS);
            Visitor v = new Visitor(peer.toBase32(), peer.toBase64(), key);
            handle(s, v);
        } catch (IOException e) {
            LOG.debug("server tunnel stream ended: {}", e.toString());
        } finally {
            if (count.decrementAndGet() <= 0) {
                perVisitor.remove(key, count);
            }
            finish(s);
        }
    }

    private void handle(I2PSocket s, Visitor v) throws IOException {
        InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        HttpHead forwarded;
        long bodyLength;
        String method;
        try {
            HttpHead head = HttpHead.read(in);
            if (head == null) {
                return;
            }
            forwarded = ServerRequestRewriter.rewrite(head, v, ownB32);
            method = RequestLine.parse(head.startLine()).method();
            bodyLength = HttpIo.requestBodyLength(head, MAX_REQUEST_BODY);
            if (bodyLength < 0) {
                throw new HttpParseException(411, "send a Content-Length, not a transfer coding");
            }
        } catch (HttpParseException e) {
            refused.incrementAndGet();
            HttpIo.respond(out, e.status(), "text/plain; charset=utf-8", e.getMessage() + "\n");
            return;
        }
        try (Socket backend = new Socket()) {
            backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), publicPort),
                    BACKEND_CONNECT_MILLIS);
            backend.setSoTimeout(IDLE_MILLIS);
            OutputStream bout = new BufferedOutputStream(backend.getOutputStream());
            bout.write(forwarded.toBytes());
            HttpIo.copyExactly(in, bout, bodyLength);
            bout.flush();
            // one request per stream: the half-close tells the site there is nothing more to come
            backend.shutdownOutput();
            served.incrementAndGet();
            InputStream bin = new BufferedInputStream(backend.getInputStream());
            HttpHead answer = HttpHead.read(bin);
            if (answer == null) {
                HttpIo.respond(out, 502, "text/plain; charset=utf-8", "the site answered nothing\n");
                return;
            }
            ResponseBody.Framing framing = ResponseBody.framing(method, answer);
            HttpHead toVisitor = answer.without("Connection", "Keep-Alive").with("Connection", "close");
            OutputStream bufOut = new BufferedOutputStream(out);
            bufOut.write(toVisitor.toBytes());
            // stop where the answer ends: the site may keep its connection open
            ResponseBody.relay(framing, answer, bin, bufOut);
            bufOut.flush();
        } catch (java.net.ConnectException e) {
            HttpIo.respond(out, 502, "text/plain; charset=utf-8", "the site is not running\n");
        }
    }

    private static void answerAndClose(I2PSocket s, int status, String text) {
        try {
            HttpIo.respond(s.getOutputStream(), status, "text/plain; charset=utf-8", text + "\n");
        } catch (IOException e) {
            // visitor gone
        }
        finish(s);
    }

    /**
     * Ends a stream without losing the answer: closes our direction first, then reads (and drops) what
     * the visitor still sends, for a short bounded time, so that unread input does not turn the close
     * into a reset that would discard the answer on the way.
     */
    /**
     * Closes a stream we opened, our direction first: a plain close leaves the other side waiting for the
     * streaming library's inactivity timeout (90 s) before it sees the end.
     */
    static void closeGracefully(I2PSocket s) {
        try {
            s.getOutputStream().close();
        } catch (IOException e) {
            // closing anyway
        }
        closeQuietly(s);
    }

    static void finish(I2PSocket s) {
        try {
            s.getOutputStream().close();
            s.setReadTimeout(DRAIN_MILLIS);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            long left = DRAIN_MAX_BYTES;
            int r;
            while (left > 0 && (r = in.read(buf)) >= 0) {
                left -= r;
            }
        } catch (IOException e) {
            // nothing more to drain
        }
        closeQuietly(s);
    }

    private static void closeQuietly(I2PSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long served() {
        return served.get();
    }

    public long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            serverSocket.close();
        } catch (I2PException e) {
            // closing anyway
        }
        acceptor.interrupt();
        workers.shutdownNow();
    }
}
