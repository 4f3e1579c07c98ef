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
 * {@link I2pService#httpStream}): one GET per stream, {@code Connection: close}, the answer's head and body
 * read with the same bounded parsers as the proxy, and every wait limited by a deadline.
 */
final class I2pHttpClient {

    /** Longest URL accepted. */
    static final int MAX_URL = 4096;
    /** Largest body posted (notices, messages: small by nature). */
    static final int MAX_POST_BYTES = 64 * 1024;

    private final I2pNetwork network;

    /** @param network the node: names resolved and streams opened from its destination */
    I2pHttpClient(I2pNetwork network) {
        this.network = network;
    }

    /** An answer's head read over a fresh stream; the stream stays open for the body. */
    private record Exchange(I2PSocket socket, HttpHead head, InputStream in, ResponseBody.Framing framing) {
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
        I2PSocket s = network.open(d, Math.max(1000, deadline - System.currentTimeMillis()));
        try {
            OutputStream out = s.getOutputStream();
            String req = method + " " + target.path() + " HTTP/1.1\r\nHost: " + target.host()
                    + "\r\nUser-Agent: MYOB/6.66 (AN/ON)\r\nAccept-Encoding: identity\r\n"
                    + (range == null ? "" : "Range: " + range + "\r\n")
                    + (payload == null ? "" : "Content-Type: " + contentType + "\r\nContent-Length: " + payload.length + "\r\n")
                    + "Connection: close\r\n\r\n";
            out.write(req.getBytes(StandardCharsets.ISO_8859_1));
            if (payload != null) {
                out.write(payload);
            }
            out.flush();
            DeadlineInputStream in = new DeadlineInputStream(new BufferedInputStream(s.getInputStream()), s, deadline);
            HttpHead head = HttpHead.read(in);
            if (head == null) {
                throw new I2pException(Reason.BAD_RESPONSE, "the site closed the connection without answering");
            }
            ResponseBody.status(head); // validates the status line
            ResponseBody.Framing framing = ResponseBody.framing(method, head);
            if (readMillis > 0) {
                in.slide(readMillis);
            }
            return new Exchange(s, head, in, framing);
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
            I2pSockets.closeGracefully(x.socket());
        }
    }

    /** {@link I2pService#httpStream}: the answer's head, and its body as it comes. */
    I2pHttpStream stream(String url, String range, Duration timeout) throws I2pException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        Exchange x = exchange(url, range, deadline, Math.max(1000, timeout.toMillis()), timeout);
        try {
            InputStream body;
            switch (x.framing()) {
                case NONE:
                    body = InputStream.nullInputStream();
                    break;
                case CHUNKED:
                    body = new ChunkedInputStream(x.in());
                    break;
                case LENGTH:
                    body = new LimitedInputStream(x.in(), ResponseBody.contentLength(x.head()));
                    break;
                default:
                    body = x.in();
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
                    I2pSockets.closeGracefully(x.socket());
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

        @Override
        public int read() throws IOException {
            arm();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return in.read(b, off, len);
        }
    }
}
