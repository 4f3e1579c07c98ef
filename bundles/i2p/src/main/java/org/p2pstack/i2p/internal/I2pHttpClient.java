package org.p2pstack.i2p.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.i2p.client.streaming.I2PSocket;
import net.i2p.data.Destination;
import net.i2p.data.Hash;

import org.p2pstack.api.i2p.I2pException;
import org.p2pstack.api.i2p.I2pException.Reason;
import org.p2pstack.api.i2p.I2pHttpResponse;
import org.p2pstack.api.i2p.I2pHttpStream;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.api.web.ByteRange;
import org.p2pstack.i2p.internal.http.ChunkedInputStream;
import org.p2pstack.i2p.internal.http.HttpHead;
import org.p2pstack.i2p.internal.http.HttpParseException;
import org.p2pstack.i2p.internal.http.ProxyTarget;
import org.p2pstack.i2p.internal.http.ResponseBody;

/**
 * The HTTP/1.1 client with which the node visits friends' sites over I2P ({@link I2pService#httpGet} and
 * {@link I2pService#httpStream}): the answer's head and body read with the same bounded parsers as the proxy, and
 * every wait limited by a deadline. Streams are kept alive between requests to the same site ({@link KeptStreams});
 * a kept stream that the site closed meanwhile is replaced by a fresh one before anything was answered on it.
 */
final class I2pHttpClient {

    /** Longest URL accepted. */
    static final int MAX_URL = 4096;
    /** Largest body posted (notices, messages: small by nature). */
    static final int MAX_POST_BYTES = 64 * 1024;

    private final I2pNetwork network;
    private final KeptStreams kept = new KeptStreams(() -> System.nanoTime() / 1_000_000);

    /** @param network the node: names resolved and streams opened from its destination */
    I2pHttpClient(I2pNetwork network) {
        this.network = network;
    }

    /**
     * An answer's head read over a stream; the stream stays open for the body. {@code buffered} is the stream's
     * input under the deadline; {@code reusable} says the site agreed to keep the stream after this answer.
     */
    private record Exchange(Hash to, I2PSocket socket, HttpHead head, DeadlineInputStream in, InputStream buffered,
            ResponseBody.Framing framing, boolean reusable) {
    }

    /** Keeps the stream for the next request when its answer was read to the end and the site agreed; else closes. */
    private void finish(Exchange x, boolean answerRead) {
        if (answerRead && x.reusable()) {
            kept.keep(x.to(), x.socket(), x.buffered());
        } else {
            I2pSockets.closeGracefully(x.socket());
        }
    }

    /** Idle streams kept for the next request (status, tests). */
    int keptStreams() {
        return kept.size();
    }

    /** Closes the kept streams (the node stops). */
    void close() {
        kept.close();
    }

    /**
     * Connects to the URL's host, sends a GET and reads the answer's head, all before {@code deadline}.
     * Reads of the body then wait at most {@code readMillis} each (0: until the deadline).
     */
    private Exchange exchange(String url, String range, long deadline, long readMillis, Duration timeout) throws I2pException {
        return exchange("GET", url, range, null, null, deadline, readMillis, timeout);
    }

    private Exchange exchange(String method, String url, String range, String contentType, byte[] payload, long deadline,
            long readMillis, Duration timeout) throws I2pException {
        if (url == null || url.length() > MAX_URL) {
            throw new I2pException(Reason.OTHER, "URL missing or too long");
        }
        if (range != null && (range.length() > ByteRange.MAX_HEADER || !range.matches("bytes=[0-9, -]+"))) {
            throw new I2pException(Reason.OTHER, "invalid Range");
        }
        ProxyTarget target;
        try {
            target = ProxyTarget.parse(url);
        } catch (ProxyTarget.Refused e) {
            throw new I2pException(e.notI2p() ? Reason.UNKNOWN_NAME : Reason.OTHER, e.getMessage());
        }
        Destination d = network.resolve(target.host(), Math.max(1000, deadline - System.currentTimeMillis()));
        Hash to = d.calculateHash();
        byte[] req = (method + " " + target.path() + " HTTP/1.1\r\nHost: " + target.host()
                + "\r\nUser-Agent: MYOB/6.66 (AN/ON)\r\nAccept-Encoding: identity\r\n"
                + (range == null ? "" : "Range: " + range + "\r\n")
                + (payload == null ? "" : "Content-Type: " + contentType + "\r\nContent-Length: " + payload.length + "\r\n")
                + "Connection: keep-alive\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        for (KeptStreams.Kept k; (k = kept.take(to)) != null; ) {
            Exchange x = exchangeOn(to, k.socket(), k.in(), req, payload, method, deadline, readMillis, timeout, true);
            if (x != null) {
                return x;
            }
        }
        I2PSocket s = network.open(d, Math.max(1000, deadline - System.currentTimeMillis()));
        InputStream buffered;
        try {
            buffered = new BufferedInputStream(s.getInputStream());
        } catch (IOException e) {
            I2pSockets.closeGracefully(s);
            throw new I2pException(Reason.UNREACHABLE, "the connection failed: " + e.getMessage(), e);
        }
        return exchangeOn(to, s, buffered, req, payload, method, deadline, readMillis, timeout, false);
    }

    /**
     * Sends the request on {@code s} and reads the answer's head. On a kept stream that ends or fails before a single
     * byte of answer (the site closed it while it was idle, so the request was not read) it returns null, and the
     * caller tries another stream; a fresh stream's failure is the caller's error.
     */
    private Exchange exchangeOn(Hash to, I2PSocket s, InputStream buffered, byte[] req, byte[] payload, String method,
            long deadline, long readMillis, Duration timeout, boolean kept) throws I2pException {
        DeadlineInputStream in = new DeadlineInputStream(buffered, s, deadline);
        try {
            OutputStream out = s.getOutputStream();
            out.write(req);
            if (payload != null) {
                out.write(payload);
            }
            out.flush();
            HttpHead head = HttpHead.read(in);
            if (head == null) {
                if (kept) {
                    I2pSockets.closeGracefully(s);
                    return null;
                }
                throw new I2pException(Reason.BAD_RESPONSE, "the site closed the connection without answering");
            }
            ResponseBody.status(head); // validates the status line
            ResponseBody.Framing framing = ResponseBody.framing(method, head);
            if (readMillis > 0) {
                in.slide(readMillis);
            }
            boolean reusable = head.startLine().startsWith("HTTP/1.1 ") && framing != ResponseBody.Framing.UNTIL_CLOSE
                    && head.hasConnectionToken("keep-alive") && !head.hasConnectionToken("close");
            return new Exchange(to, s, head, in, buffered, framing, reusable);
        } catch (HttpParseException e) {
            I2pSockets.closeGracefully(s);
            throw new I2pException(Reason.BAD_RESPONSE, e.getMessage(), e);
        } catch (InterruptedIOException e) {
            I2pSockets.closeGracefully(s);
            throw new I2pException(Reason.TIMEOUT, "no answer within " + timeout.toSeconds() + " s", e);
        } catch (I2pException e) {
            I2pSockets.closeGracefully(s);
            throw e;
        } catch (IOException e) {
            I2pSockets.closeGracefully(s);
            if (kept && in.bytesRead() == 0) {
                return null;
            }
            throw new I2pException(Reason.UNREACHABLE, "the connection failed: " + e.getMessage(), e);
        }
    }

    private static Map<String, List<String>> headers(HttpHead head) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpHead.Field f : head.fields()) {
            headers.computeIfAbsent(f.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f.value());
        }
        headers.replaceAll((k, v) -> List.copyOf(v));
        return headers;
    }

    /** {@link I2pService#httpGet}: the whole answer, at most {@code maxBytes} of body. */
    I2pHttpResponse get(String url, int maxBytes, Duration timeout) throws I2pException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes < 0");
        }
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        return whole(exchange(url, null, deadline, 0, timeout), maxBytes, timeout);
    }

    /** {@link I2pService#httpPost}: {@code body} sent with {@code contentType}, the whole answer read back. */
    I2pHttpResponse post(String url, String contentType, byte[] body, int maxBytes, Duration timeout) throws I2pException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes < 0");
        }
        if (body == null || body.length > MAX_POST_BYTES) {
            throw new I2pException(Reason.OTHER, "the body is missing or larger than " + MAX_POST_BYTES + " bytes");
        }
        if (contentType == null || !contentType.matches("[a-z]+/[a-z0-9.+-]+(; ?charset=[a-zA-Z0-9-]+)?")) {
            throw new I2pException(Reason.OTHER, "invalid Content-Type");
        }
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        return whole(exchange("POST", url, null, contentType, body, deadline, 0, timeout), maxBytes, timeout);
    }

    private I2pHttpResponse whole(Exchange x, int maxBytes, Duration timeout) throws I2pException {
        boolean answerRead = false;
        try {
            HttpHead head = x.head();
            InputStream in = x.in();
            InputStream body;
            switch (x.framing()) {
                case NONE:
                    body = InputStream.nullInputStream();
                    break;
                case CHUNKED:
                    body = new ChunkedInputStream(in);
                    break;
                case LENGTH: {
                    long n = ResponseBody.contentLength(head);
                    if (n > maxBytes) {
                        throw new I2pException(Reason.BAD_RESPONSE, "answer larger than " + maxBytes + " bytes");
                    }
                    byte[] all = in.readNBytes((int) n);
                    if (all.length != n) {
                        throw new I2pException(Reason.BAD_RESPONSE, "the answer ended early");
                    }
                    body = new ByteArrayInputStream(all);
                    break;
                }
                default:
                    body = in;
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[16 * 1024];
            int r;
            while ((r = body.read(chunk)) >= 0) {
                if (buf.size() + r > maxBytes) {
                    throw new I2pException(Reason.BAD_RESPONSE, "answer larger than " + maxBytes + " bytes");
                }
                buf.write(chunk, 0, r);
            }
            answerRead = !(body instanceof ChunkedInputStream c) || c.finished();
            return new I2pHttpResponse(ResponseBody.status(head), headers(head), buf.toByteArray());
        } catch (HttpParseException e) {
            throw new I2pException(Reason.BAD_RESPONSE, e.getMessage(), e);
        } catch (InterruptedIOException e) {
            throw new I2pException(Reason.TIMEOUT, "no complete answer within " + timeout.toSeconds() + " s", e);
        } catch (I2pException e) {
            throw e;
        } catch (IOException e) {
            throw new I2pException(Reason.UNREACHABLE, "the connection failed: " + e.getMessage(), e);
        } finally {
            finish(x, answerRead);
        }
    }

    /** {@link I2pService#httpStream}: the answer's head, and its body as it comes. */
    I2pHttpStream stream(String url, String range, Duration timeout) throws I2pException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        Exchange x = exchange(url, range, deadline, Math.max(1000, timeout.toMillis()), timeout);
        try {
            InputStream body;
            java.util.function.BooleanSupplier bodyRead;
            switch (x.framing()) {
                case NONE:
                    body = InputStream.nullInputStream();
                    bodyRead = () -> true;
                    break;
                case CHUNKED: {
                    ChunkedInputStream chunked = new ChunkedInputStream(x.in());
                    body = chunked;
                    bodyRead = chunked::finished;
                    break;
                }
                case LENGTH: {
                    LimitedInputStream limited = new LimitedInputStream(x.in(), ResponseBody.contentLength(x.head()));
                    body = limited;
                    bodyRead = limited::finished;
                    break;
                }
                default:
                    body = x.in();
                    bodyRead = () -> false;
            }
            int status = ResponseBody.status(x.head());
            Map<String, List<String>> headers = headers(x.head());
            InputStream finalBody = body;
            return new I2pHttpStream() {
                @Override
                public int status() {
                    return status;
                }

                @Override
                public String header(String name) {
                    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
                    return values == null || values.isEmpty() ? null : values.get(0);
                }

                @Override
                public InputStream body() {
                    return finalBody;
                }

                @Override
                public void close() {
                    // a body read to its end leaves the stream ready for the next request; else it is closed
                    finish(x, bodyRead.getAsBoolean());
                }
            };
        } catch (HttpParseException e) {
            I2pSockets.closeGracefully(x.socket());
            throw new I2pException(Reason.BAD_RESPONSE, e.getMessage(), e);
        }
    }

    /** A body of known length: ends after {@code left} bytes; a shorter one is an error. */
    private static final class LimitedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        LimitedInputStream(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        boolean finished() {
            return left == 0;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the answer ended early");
            }
            left -= n;
            return n;
        }
    }

    /** Sets the socket's read timeout to what is left before the deadline, before every read. */
    private static final class DeadlineInputStream extends InputStream {
        private final InputStream in;
        private final I2PSocket socket;
        private long deadline;
        private long slide;
        private long bytesRead;

        DeadlineInputStream(InputStream in, I2PSocket socket, long deadline) {
            this.in = in;
            this.socket = socket;
            this.deadline = deadline;
        }

        /** From now on, each read may wait {@code millis} (an idle limit instead of a total one). */
        void slide(long millis) {
            slide = millis;
        }

        private void arm() throws InterruptedIOException {
            if (slide > 0) {
                deadline = System.currentTimeMillis() + slide;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new InterruptedIOException("deadline passed");
            }
            socket.setReadTimeout(left);
        }

        /** Bytes of answer read so far: none means the site never answered on this stream. */
        long bytesRead() {
            return bytesRead;
        }

        @Override
        public int read() throws IOException {
            arm();
            int b = in.read();
            if (b >= 0) {
                bytesRead++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            int r = in.read(b, off, len);
            if (r > 0) {
                bytesRead += r;
            }
            return r;
        }
    }
}
