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
            closeQuietly(s);
        }
    }

    private void handle(I2PSocket s, Visitor v) throws IOException {
        InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        HttpHead forwarded;
        long bodyLength;
        try {
            HttpHead head = HttpHead.read(in);
            if (head == null) {
                return;
            }
            forwarded = ServerRequestRewriter.rewrite(head, v, ownB32);
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
            served.incrementAndGet();
            // the site closes after its answer (Connection: close), which ends the visitor's stream too
            HttpIo.copyAll(backend.getInputStream(), out);
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
