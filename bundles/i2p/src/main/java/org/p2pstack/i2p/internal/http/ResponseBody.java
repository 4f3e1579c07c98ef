package org.p2pstack.i2p.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * Where a response body ends (RFC 9112 §6.3), so a tunnel can finish a stream as soon as the answer is
 * complete instead of waiting for the other side to close its connection.
 */
public final class ResponseBody {

    /** How a body is delimited. */
    public enum Framing { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

    private ResponseBody() {
    }

    /** The framing of the answer to a request made with {@code requestMethod}. */
    public static Framing framing(String requestMethod, HttpHead response) throws HttpParseException {
        int status = status(response);
        if ("HEAD".equals(requestMethod) || (status >= 100 && status < 200) || status == 204 || status == 304) {
            return Framing.NONE;
        }
        String te = response.get("Transfer-Encoding");
        if (te != null) {
            if (te.toLowerCase(Locale.ROOT).trim().endsWith("chunked")) {
                return Framing.CHUNKED;
            }
            return Framing.UNTIL_CLOSE;
        }
        return response.get("Content-Length") != null ? Framing.LENGTH : Framing.UNTIL_CLOSE;
    }

    /** The status code of a response head. */
    public static int status(HttpHead response) throws HttpParseException {
        String s = response.startLine();
        if (s.length() < 12 || !(s.startsWith("HTTP/1.1 ") || s.startsWith("HTTP/1.0 ")) || s.length() > 12 && s.charAt(12) != ' ') {
            throw new HttpParseException(502, "malformed status line");
        }
        String code = s.substring(9, 12);
        if (!code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HttpParseException(502, "malformed status code");
        }
        return Integer.parseInt(code);
    }

    /** The announced length; the same checks as for requests. */
    public static long contentLength(HttpHead response) throws HttpParseException {
        if (response.count("Content-Length") > 1) {
            throw new HttpParseException(502, "more than one Content-Length");
        }
        String v = response.get("Content-Length");
        if (v == null || v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HttpParseException(502, "malformed Content-Length");
        }
        return Long.parseLong(v);
    }

    /**
     * Copies the body as it is on the wire (chunk framing included) and stops where it ends.
     *
     * @return bytes copied
     */
    public static long relay(Framing framing, HttpHead response, InputStream in, OutputStream out) throws IOException {
        switch (framing) {
            case NONE:
                return 0;
            case LENGTH: {
                long n = contentLength(response);
                HttpIo.copyExactly(in, out, n);
                out.flush();
                return n;
            }
            case CHUNKED:
                return relayChunked(in, out);
            default:
                return HttpIo.copyAll(in, out);
        }
    }

    private static long relayChunked(InputStream in, OutputStream out) throws IOException {
        long total = 0;
        while (true) {
            String sizeLine = line(in, ChunkedInputStream.MAX_SIZE_LINE);
            out.write((sizeLine + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            int semi = sizeLine.indexOf(';');
            String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
            long size;
            try {
                if (hex.isEmpty() || hex.length() > 15) {
                    throw new NumberFormatException();
                }
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new HttpParseException(502, "malformed chunk size");
            }
            if (size == 0) {
                int budget = ChunkedInputStream.MAX_TRAILER;
                while (true) {
                    String t = line(in, budget);
                    out.write((t + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    if (t.isEmpty()) {
                        out.flush();
                        return total;
                    }
                    budget -= t.length() + 2;
                    if (budget <= 0) {
                        throw new HttpParseException(502, "trailers too large");
                    }
                }
            }
            HttpIo.copyExactly(in, out, size);
            total += size;
            if (!line(in, 2).isEmpty()) {
                throw new HttpParseException(502, "missing CRLF after chunk");
            }
            out.write('\r');
            out.write('\n');
            out.flush();
        }
    }

    private static String line(InputStream in, int max) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("body ended early");
            }
            if (c == '\n') {
                return buf.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            if (c != '\r') {
                buf.write(c);
            }
            if (buf.size() > max) {
                throw new HttpParseException(502, "chunk line too long");
            }
        }
    }
}
