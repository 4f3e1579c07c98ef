package org.p2pstack.i2p.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Small helpers shared by the tunnels: body framing, copying, plain error answers. */
public final class HttpIo {

    /** Copy buffer size. */
    static final int BUFFER = 16 * 1024;

    private HttpIo() {
    }

    /**
     * The request body length announced by a head: 0 when there is none, or -1 when the head asks for a
     * framing we do not accept (chunked or other transfer codings).
     *
     * @throws HttpParseException for duplicate, conflicting or malformed lengths, or one above {@code max}
     */
    public static long requestBodyLength(HttpHead head, long max) throws HttpParseException {
        if (head.get("Transfer-Encoding") != null) {
            return -1;
        }
        int n = head.count("Content-Length");
        if (n == 0) {
            return 0;
        }
        if (n > 1) {
            throw new HttpParseException(400, "more than one Content-Length");
        }
        String v = head.get("Content-Length");
        if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HttpParseException(400, "malformed Content-Length");
        }
        long len = Long.parseLong(v);
        if (len > max) {
            throw new HttpParseException(413, "request body too large");
        }
        return len;
    }

    /** Copies exactly {@code n} bytes. */
    public static void copyExactly(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[BUFFER];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new IOException("stream ended " + left + " bytes early");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    /** Copies until the end of {@code in}; returns the byte count. */
    public static long copyAll(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        int r;
        while ((r = in.read(buf)) >= 0) {
            out.write(buf, 0, r);
            out.flush();
            total += r;
        }
        return total;
    }

    /** Reason phrase of the status codes we send ourselves. */
    public static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 411: return "Length Required";
            case 413: return "Content Too Large";
            case 414: return "URI Too Long";
            case 429: return "Too Many Requests";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            case 505: return "HTTP Version Not Supported";
            default: return "Error";
        }
    }

    /** Writes a complete response with a body and {@code Connection: close}. */
    public static void respond(OutputStream out, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + bytes.length + "\r\n"
                + "Cache-Control: no-store\r\n"
                + "X-Content-Type-Options: nosniff\r\n"
                + "Connection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    /** HTML-escapes text for error pages. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&#39;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }
}
