package org.p2pstack.i2p.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body (RFC 9112 §7.1); trailers are read and dropped. */
public final class ChunkedInputStream extends InputStream {

    /** Longest chunk-size line (size, extensions) accepted. */
    static final int MAX_SIZE_LINE = 1024;
    /** Most trailer bytes accepted. */
    static final int MAX_TRAILER = 8 * 1024;

    private final InputStream in;
    private long left;
    private boolean done;

    public ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    /** True once the last chunk and the trailers were read: the stream stands where the next message starts. */
    public boolean finished() {
        return done;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int r = read(one, 0, 1);
        return r < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        if (left == 0) {
            left = nextChunkSize();
            if (left == 0) {
                skipTrailers();
                done = true;
                return -1;
            }
        }
        int r = in.read(b, off, (int) Math.min(len, left));
        if (r < 0) {
            throw new IOException("chunked body ended early");
        }
        left -= r;
        if (left == 0) {
            expectCrlf();
        }
        return r;
    }

    private long nextChunkSize() throws IOException {
        String line = line(MAX_SIZE_LINE);
        int semi = line.indexOf(';');
        String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
        if (hex.isEmpty() || hex.length() > 15) {
            throw new HttpParseException(502, "malformed chunk size");
        }
        try {
            return Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new HttpParseException(502, "malformed chunk size");
        }
    }

    private void expectCrlf() throws IOException {
        if (!line(2).isEmpty()) {
            throw new HttpParseException(502, "missing CRLF after chunk");
        }
    }

    private void skipTrailers() throws IOException {
        int budget = MAX_TRAILER;
        while (true) {
            String l = line(budget);
            if (l.isEmpty()) {
                return;
            }
            budget -= l.length() + 2;
            if (budget <= 0) {
                throw new HttpParseException(502, "trailers too large");
            }
        }
    }

    private String line(int max) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("chunked body ended early");
            }
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                buf.write(c);
            }
            if (buf.size() > max) {
                throw new HttpParseException(502, "chunk line too long");
            }
        }
        return buf.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
