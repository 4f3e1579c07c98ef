package org.p2pstack.i2p.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import net.i2p.client.streaming.I2PServerSocket;

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
 * The server tunnel: every stream that arrives at the node's destination carries HTTP requests for the public site
 * on 127.0.0.1:{@code publicPort} and nothing else: one, or several in turn when the visitor asks to keep the
 * stream (a friend's node fetching a feed and a video's ranges then opens one stream instead of dozens, and stays
 * far below the streaming library's streams per visitor and hour). Visitors are identified by their verified
 * destination; their forged identity headers are replaced and the node's tunnel secret is added. Who may hold
 * a stream, and for how long, is decided by {@link VisitorBudgets}.
 */
public final class ServerTunnel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTunnel.class);

    /**
     * Longest silence of one read after the head (request body, the public site's answer). A backstop: the
     * budgets' minimum pace ({@link VisitorBudgets#PROGRESS_PERIOD_MILLIS}) usually ends a slow stream first.
     */
    public static final int IDLE_MILLIS = 30_000;
    /** Largest request body forwarded (forms of the public site). */
    public static final long MAX_REQUEST_BODY = 1024 * 1024;
    static final int BACKEND_CONNECT_MILLIS = 5_000;
    /** Bounds of the drain before a stream is closed (see {@link #finish}). */
    static final int DRAIN_MILLIS = 2_000;
    static final long DRAIN_MAX_BYTES = 64 * 1024;
    /**
     * Threads serving streams: twice the admitted streams, because a dropped or finished stream's thread winds
     * down (drain, close) while its place already serves someone else.
     */
    static final int WORKER_THREADS = 2 * VisitorBudgets.MAX_CONCURRENT_TOTAL;
    /** Refusals (429, 503) are written by a few threads of their own, never by the accept loop. */
    static final int REFUSAL_THREADS = 2;
    static final int REFUSAL_QUEUE = 32;
    /** How often the budgets look for late heads and stalled streams. */
    static final long SWEEP_MILLIS = 250;

    private final VisitorStream.Source source;
    private final int publicPort;
    private final ServerRequestRewriter rewriter;
    private final VisitorBudgets budgets;
    private final ExecutorService workers;
    private final ExecutorService refusals;
    private final ScheduledExecutorService sweeper;
    private final AtomicLong streams = new AtomicLong();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;
    private final Thread acceptor;

    public ServerTunnel(I2PServerSocket serverSocket, int publicPort, String ownB32, String tunnelSecret) {
        this(I2pVisitorStream.source(serverSocket), publicPort, new ServerRequestRewriter(ownB32, tunnelSecret),
                VisitorBudgets.withSystemClock());
    }

    /** Over any source of streams (tests use loopback sockets), with the given budgets. */
    ServerTunnel(VisitorStream.Source source, int publicPort, ServerRequestRewriter rewriter, VisitorBudgets budgets) {
        this.source = source;
        this.publicPort = publicPort;
        this.rewriter = rewriter;
        this.budgets = budgets;
        this.workers = new ThreadPoolExecutor(0, WORKER_THREADS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> I2pSockets.streamThread(r, "i2p-server-tunnel"));
        this.refusals = new ThreadPoolExecutor(REFUSAL_THREADS, REFUSAL_THREADS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(REFUSAL_QUEUE), r -> I2pSockets.streamThread(r, "i2p-server-refuse"));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> I2pSockets.daemon(r, "i2p-server-budgets"));
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        this.acceptor = I2pSockets.daemon(this::acceptLoop, "i2p-server-accept");
        acceptor.start();
    }

    private void acceptLoop() {
        while (running) {
            VisitorStream s;
            try {
                s = source.accept();
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.debug("server tunnel accept: {}", e.toString());
                    sleepQuietly(500);
                }
                continue;
            }
            if (s != null) {
                admit(s);
            }
        }
    }

    /** Runs on the accept loop: decides at once and never waits for the visitor. */
    private void admit(VisitorStream s) {
        streams.incrementAndGet();
        Visitor v = s.visitor();
        if (v == null) {
            refuse(s, 400, "unknown visitor");
            return;
        }
        VisitorBudgets.Admission a = budgets.admit(v.hashB64(), s::abort);
        dropped.addAndGet(a.dropped().size());
        if (!a.admitted()) {
            refuse(s, a.status(), a.reason());
            return;
        }
        try {
            workers.execute(() -> serve(s, v, a.lease()));
        } catch (RejectedExecutionException e) {
            budgets.release(a.lease());
            refuse(s, 503, "busy");
        }
    }

    private void sweep() {
        try {
            dropped.addAndGet(budgets.sweep().size());
        } catch (RuntimeException e) {
            LOG.warn("server tunnel budgets: {}", e.toString());
        }
    }

    private void refuse(VisitorStream s, int status, String text) {
        refused.incrementAndGet();
        try {
            refusals.execute(() -> answerAndClose(s, status, text));
        } catch (RejectedExecutionException e) {
            s.abort(); // too many refusals at once: no answer
        }
    }

    private void serve(VisitorStream s, Visitor v, VisitorBudgets.Lease lease) {
        try {
            // backstop only: the budgets drop a late head (the deadline is for the whole head, not per read)
            s.setReadTimeout((int) VisitorBudgets.HEAD_DEADLINE_MILLIS + 1000);
            handle(s, v, lease);
        } catch (IOException e) {
            LOG.debug("server tunnel stream ended: {}", e.toString());
        } finally {
            budgets.release(lease);
            finish(s);
        }
    }

    private void handle(VisitorStream s, Visitor v, VisitorBudgets.Lease lease) throws IOException {
        InputStream in = new BufferedInputStream(s.input());
        OutputStream out = new Counting(s.output(), lease);
        HttpHead head = readHead(in, out);
        if (head == null || !budgets.headDone(lease)) {
            return;
        }
        while (true) {
            s.setReadTimeout(IDLE_MILLIS);
            if (!answer(head, v, lease, in, out) || !budgets.idle(lease)) {
                return;
            }
            // kept alive: the next request, or the end of the stream, within the keep-alive time (a read timeout
            // ends the stream quietly in serve)
            s.setReadTimeout((int) VisitorBudgets.KEEP_ALIVE_MILLIS);
            head = readHead(in, out);
            if (head == null) {
                return;
            }
            VisitorBudgets.Next next = budgets.nextRequest(lease);
            if (next == VisitorBudgets.Next.TOO_MANY) {
                refuseRequest(out, 429, "too many requests, try again in a minute");
                return;
            }
            if (next != VisitorBudgets.Next.GO) {
                return;
            }
        }
    }

    /** A request head; null at the end of the stream, or after answering a malformed head with its error. */
    private HttpHead readHead(InputStream in, OutputStream out) throws IOException {
        try {
            return HttpHead.read(in);
        } catch (HttpParseException e) {
            refuseRequest(out, e.status(), e.getMessage());
            return null;
        }
    }

    /** Answers a request the tunnel will not forward; the stream ends after it. */
    private void refuseRequest(OutputStream out, int status, String text) throws IOException {
        refused.incrementAndGet();
        HttpIo.respond(out, status, "text/plain; charset=utf-8", text + "\n");
    }

    /**
     * True when the visitor asked to keep the stream for another request ({@code Connection: keep-alive}, HTTP/1.1):
     * opt-in, because every client before it (ours, the browsers' proxy) sends one request and reads to the end.
     */
    static boolean wantsKeepAlive(HttpHead visitorHead) {
        return visitorHead.startLine().endsWith(" HTTP/1.1") && visitorHead.hasConnectionToken("keep-alive")
                && !visitorHead.hasConnectionToken("close");
    }

    /**
     * Forwards one request to the public site and its answer back. True when the stream may carry another request:
     * the visitor asked for it, the answer is framed (it does not end with the stream), and everything went well.
     */
    private boolean answer(HttpHead head, Visitor v, VisitorBudgets.Lease lease, InputStream in, OutputStream out)
            throws IOException {
        HttpHead forwarded;
        long bodyLength;
        String method;
        // the last request a stream may carry is answered with "close", so the visitor does not keep a dead stream
        boolean keepAlive = wantsKeepAlive(head) && budgets.mayCarryMore(lease);
        try {
            forwarded = rewriter.rewrite(head, v);
            method = RequestLine.parse(head.startLine()).method();
            bodyLength = HttpIo.requestBodyLength(head, MAX_REQUEST_BODY);
            if (bodyLength < 0) {
                throw new HttpParseException(411, "send a Content-Length, not a transfer coding");
            }
        } catch (HttpParseException e) {
            refuseRequest(out, e.status(), e.getMessage());
            return false;
        }
        try (Socket backend = new Socket()) {
            backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), publicPort),
                    BACKEND_CONNECT_MILLIS);
            backend.setSoTimeout(IDLE_MILLIS);
            OutputStream bout = new BufferedOutputStream(backend.getOutputStream());
            bout.write(forwarded.toBytes());
            HttpIo.copyExactly(new CountingIn(in, lease), bout, bodyLength);
            bout.flush();
            // one request per backend connection: the half-close tells the site there is nothing more to come
            backend.shutdownOutput();
            served.incrementAndGet();
            InputStream bin = new BufferedInputStream(backend.getInputStream());
            HttpHead answer = HttpHead.read(bin);
            if (answer == null) {
                HttpIo.respond(out, 502, "text/plain; charset=utf-8", "the site answered nothing\n");
                return false;
            }
            ResponseBody.Framing framing = ResponseBody.framing(method, answer);
            keepAlive &= framing != ResponseBody.Framing.UNTIL_CLOSE;
            HttpHead toVisitor = answer.without("Connection", "Keep-Alive")
                    .with("Connection", keepAlive ? "keep-alive" : "close");
            if (keepAlive) {
                toVisitor = toVisitor.with("Keep-Alive", "timeout=" + VisitorBudgets.KEEP_ALIVE_MILLIS / 1000
                        + ", max=" + VisitorBudgets.MAX_REQUESTS_PER_STREAM);
            }
            OutputStream bufOut = new BufferedOutputStream(out);
            bufOut.write(toVisitor.toBytes());
            // stop where the answer ends: the site may keep its connection open
            ResponseBody.relay(framing, answer, bin, bufOut);
            bufOut.flush();
            budgets.served(lease);
            return keepAlive;
        } catch (java.net.ConnectException e) {
            HttpIo.respond(out, 502, "text/plain; charset=utf-8", "the site is not running\n");
            return false;
        }
    }

    private static void answerAndClose(VisitorStream s, int status, String text) {
        try {
            HttpIo.respond(s.output(), status, "text/plain; charset=utf-8", text + "\n");
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
    static void finish(VisitorStream s) {
        try {
            s.closeOutput();
            s.setReadTimeout(DRAIN_MILLIS);
            InputStream in = s.input();
            byte[] buf = new byte[4096];
            long left = DRAIN_MAX_BYTES;
            int r;
            while (left > 0 && (r = in.read(buf)) >= 0) {
                left -= r;
            }
        } catch (IOException e) {
            // nothing more to drain
        }
        s.close();
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts what reaches the visitor, for the budgets' minimum pace. */
    private static final class Counting extends FilterOutputStream {
        private final VisitorBudgets.Lease lease;

        Counting(OutputStream out, VisitorBudgets.Lease lease) {
            super(out);
            this.lease = lease;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            lease.progress(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            lease.progress(len);
        }
    }

    /** Counts the request body read from the visitor. */
    private static final class CountingIn extends FilterInputStream {
        private final VisitorBudgets.Lease lease;

        CountingIn(InputStream in, VisitorBudgets.Lease lease) {
            super(in);
            this.lease = lease;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                lease.progress(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = in.read(b, off, len);
            if (r > 0) {
                lease.progress(r);
            }
            return r;
        }
    }

    /** Streams that arrived (each may carry several requests). */
    public long streams() {
        return streams.get();
    }

    /** Requests forwarded to the public site. */
    public long served() {
        return served.get();
    }

    public long refused() {
        return refused.get();
    }

    /** Streams dropped: late heads, stalled streams, and streams given up so that a newcomer gets served. */
    public long dropped() {
        return dropped.get();
    }

    /** Streams holding a place now. */
    public int active() {
        return budgets.active();
    }

    @Override
    public void close() {
        running = false;
        source.close();
        acceptor.interrupt();
        sweeper.shutdownNow();
        workers.shutdownNow();
        refusals.shutdownNow();
    }
}
