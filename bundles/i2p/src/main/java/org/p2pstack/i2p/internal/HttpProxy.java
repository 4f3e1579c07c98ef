package org.p2pstack.i2p.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import net.i2p.client.streaming.I2PSocket;
import net.i2p.data.Destination;

import org.p2pstack.api.i2p.I2pAddress;
import org.p2pstack.api.i2p.I2pException;
import org.p2pstack.i2p.internal.http.HttpHead;
import org.p2pstack.i2p.internal.http.HttpIo;
import org.p2pstack.i2p.internal.http.HttpParseException;
import org.p2pstack.i2p.internal.http.ProxyRequestRewriter;
import org.p2pstack.i2p.internal.http.ProxyTarget;
import org.p2pstack.i2p.internal.http.RequestLine;
import org.p2pstack.i2p.internal.http.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser's HTTP proxy on 127.0.0.1: {@code http://name.i2p/} and {@code http://<b32>.b32.i2p/} are
 * fetched over I2P from the node's destination; every other host is refused, so nothing leaks to the
 * internet. One request per connection.
 */
public final class HttpProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpProxy.class);

    /** Time the browser may take to send its head and body, and the site between two reads. */
    public static final int IDLE_MILLIS = 90_000;
    /** Time allowed to find a destination (address book or network lookup). */
    public static final long LOOKUP_MILLIS = 20_000;
    /** Time allowed to open the stream to the site. */
    public static final long CONNECT_MILLIS = 45_000;
    /** Largest request body forwarded. */
    public static final long MAX_REQUEST_BODY = 8L * 1024 * 1024;
    /** Browser connections served at once. */
    public static final int MAX_CONCURRENT = 32;

    /**
     * The proxy's own host name (as in I2P's proxy: never a real site): {@code http://proxy.i2p/follow?address=<b32>}
     * hands the visitor over to their own node's page, which asks them to confirm the follow.
     */
    public static final String OWN_HOST = "proxy.i2p";

    private final ServerSocket listener;
    private final I2pNetwork network;
    private final int privatePort;
    private final ExecutorService workers;
    private final Thread acceptor;
    private volatile boolean running = true;

    public HttpProxy(int port, I2pNetwork network) throws IOException {
        this(port, network, -1);
    }

    /** {@code privatePort}: the node's private site, where follow links lead (-1: none). */
    public HttpProxy(int port, I2pNetwork network, int privatePort) throws IOException {
        this.network = network;
        this.privatePort = privatePort;
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        this.listener = ss;
        this.workers = new ThreadPoolExecutor(0, MAX_CONCURRENT, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> I2pSockets.streamThread(r, "i2p-http-proxy"));
        this.acceptor = I2pSockets.daemon(this::acceptLoop, "i2p-http-proxy-accept");
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (running) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (running) {
                    LOG.debug("proxy accept: {}", e.toString());
                }
                continue;
            }
            try {
                workers.execute(() -> serve(s));
            } catch (RejectedExecutionException e) {
                try (s) {
                    page(s.getOutputStream(), 503, "The I2P proxy is busy",
                            "Too many pages are loading at once. Try again in a moment.");
                } catch (IOException ignored) {
                    // browser gone
                }
            }
        }
    }

    private void serve(Socket browser) {
        try (browser) {
            browser.setSoTimeout(IDLE_MILLIS);
            InputStream in = new BufferedInputStream(browser.getInputStream());
            OutputStream out = new BufferedOutputStream(browser.getOutputStream());
            try {
                handle(in, out);
            } catch (HttpParseException e) {
                page(out, e.status(), "The browser sent a request the proxy cannot read", e.getMessage());
            } catch (SocketTimeoutException e) {
                page(out, 408, "The request took too long", "The browser did not finish its request in time.");
            }
            out.flush();
        } catch (IOException e) {
            LOG.debug("proxy connection ended: {}", e.toString());
        }
    }

    void handle(InputStream in, OutputStream out) throws IOException {
        HttpHead head = HttpHead.read(in);
        if (head == null) {
            return;
        }
        RequestLine line = RequestLine.parse(head.startLine());
        if (line.method().equals("CONNECT")) {
            page(out, 405, "Secure (https) connections are not proxied",
                    "I2P sites are reached with plain http:// addresses; I2P already encrypts the whole way. "
                            + "This proxy does not open connections to the internet.");
            return;
        }
        if (line.isOriginForm()) {
            page(out, 400, "This is the I2P proxy",
                    "Set it as your browser's HTTP proxy to visit .i2p sites. It is not a web site itself.");
            return;
        }
        ProxyTarget target;
        try {
            target = ProxyTarget.parse(line.target());
        } catch (ProxyTarget.Refused e) {
            if (e.notI2p()) {
                page(out, 403, "Not an I2P address",
                        "This proxy only visits .i2p sites, so nothing you open through it reaches the internet. "
                                + e.getMessage());
            } else {
                page(out, 400, "This address cannot be visited", e.getMessage());
            }
            return;
        }
        if (target.host().equals(OWN_HOST)) {
            ownPage(out, target);
            return;
        }
        long bodyLength = HttpIo.requestBodyLength(head, MAX_REQUEST_BODY);
        if (bodyLength < 0) {
            page(out, 411, "Unsupported upload", "The browser sent a body without a length.");
            return;
        }
        Destination dest;
        I2PSocket site;
        try {
            dest = network.resolve(target.host(), LOOKUP_MILLIS);
            site = network.open(dest, CONNECT_MILLIS);
        } catch (I2pException e) {
            errorPage(out, target.host(), e);
            return;
        }
        try {
            site.setReadTimeout(IDLE_MILLIS);
            OutputStream siteOut = new BufferedOutputStream(site.getOutputStream());
            siteOut.write(ProxyRequestRewriter.rewrite(head, line, target).toBytes());
            HttpIo.copyExactly(in, siteOut, bodyLength);
            siteOut.flush();
            InputStream siteIn = new BufferedInputStream(site.getInputStream());
            HttpHead answer;
            try {
                answer = HttpHead.read(siteIn);
                if (answer == null) {
                    LOG.debug("proxy: {} closed the stream without an answer", target.host());
                    page(out, 502, "The site closed the connection",
                            I2pNamesHtml.host(target.host()) + " answered nothing.");
                    return;
                }
                answer = ProxyRequestRewriter.rewriteResponse(answer);
            } catch (HttpParseException e) {
                LOG.debug("proxy: unreadable answer from {}: {}", target.host(), e.getMessage());
                page(out, 502, "The site sent an answer the proxy cannot read", e.getMessage());
                return;
            } catch (java.io.InterruptedIOException e) {
                page(out, 504, "The site did not answer in time",
                        I2pNamesHtml.host(target.host()) + " was reached but did not answer.");
                return;
            }
            ResponseBody.Framing framing = ResponseBody.framing(line.method(), answer);
            out.write(answer.toBytes());
            ResponseBody.relay(framing, answer, siteIn, out);
            out.flush();
        } catch (SocketException e) {
            LOG.debug("proxy stream to {} ended: {}", target.host(), e.toString());
        } finally {
            I2pSockets.closeGracefully(site);
        }
    }

    /**
     * The proxy's own pages. {@code /follow?address=<b32>} sends the browser to the node's home page with the
     * address in the fragment; nothing changes until the person confirms there (a link on a site cannot
     * follow anyone by itself).
     */
    private void ownPage(OutputStream out, ProxyTarget target) throws IOException {
        String b32 = followAddress(target.path());
        if (b32 == null || privatePort <= 0) {
            page(out, 404, "Nothing here", "This is your I2P proxy. A follow link names a .b32.i2p address.");
            return;
        }
        String location = "http://127.0.0.1:" + privatePort + "/#friend=" + b32;
        String body = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Follow</title></head><body><p>"
                + "<a href=\"" + HttpIo.escape(location) + "\">Open your own page to follow " + HttpIo.escape(b32)
                + "</a></p></body></html>";
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String head = "HTTP/1.1 303 See Other\r\nLocation: " + location + "\r\nContent-Type: text/html; charset=utf-8\r\n"
                + "Content-Length: " + bytes.length + "\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\n"
                + "Connection: close\r\n\r\n";
        out.write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    /** The b32 of {@code /follow?address=<b32>[.b32.i2p]}, or null. */
    static String followAddress(String path) {
        if (path == null || !path.startsWith("/follow?address=") || path.length() > 200) {
            return null;
        }
        String a = path.substring("/follow?address=".length());
        if (!a.toLowerCase(java.util.Locale.ROOT).endsWith(".b32.i2p")) {
            a = a + ".b32.i2p";
        }
        return I2pAddress.tryParse(a).filter(I2pAddress::isB32).map(I2pAddress::host).orElse(null);
    }

    private static void errorPage(OutputStream out, String host, I2pException e) throws IOException {
        LOG.debug("proxy could not reach {}: {}", host, e.toString());
        String h = I2pNamesHtml.host(host);
        switch (e.reason()) {
            case UNKNOWN_NAME:
                page(out, 404, "Unknown I2P name",
                        h + " is not in your address book. Ask your friend for their b32 address "
                                + "(it ends in .b32.i2p), or follow them to add their name.");
                break;
            case NOT_READY:
                page(out, 503, "I2P is still starting",
                        "Your node is still building its tunnels. Try again in a minute.");
                break;
            case TIMEOUT:
                page(out, 504, "The site did not answer in time",
                        h + " could not be reached in time. It may be offline; try again later.");
                break;
            default:
                page(out, 502, "The site cannot be reached",
                        h + " could not be reached. It may be offline, or its address may be wrong. (" + e.getMessage() + ")");
        }
    }

    /** A small, self-contained HTML page; {@code text} is escaped here. */
    static void page(OutputStream out, int status, String title, String text) throws IOException {
        String body = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + HttpIo.escape(title)
                + "</title><style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em}"
                + "h1{font-size:1.4em}</style></head><body><h1>" + HttpIo.escape(title) + "</h1><p>"
                + HttpIo.escape(text) + "</p><p><small>p2pstack I2P proxy · " + status + "</small></p></body></html>";
        HttpIo.respond(out, status, "text/html; charset=utf-8", body);
    }

    @Override
    public void close() {
        running = false;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
    }

    /** Host names in messages: short and printable (they are escaped again when the page is built). */
    static final class I2pNamesHtml {
        private I2pNamesHtml() {
        }

        static String host(String h) {
            return I2pNames.abbreviate(h);
        }
    }
}
