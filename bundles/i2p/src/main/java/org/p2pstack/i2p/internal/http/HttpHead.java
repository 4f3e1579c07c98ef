package org.p2pstack.i2p.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The head of an HTTP/1.x message (RFC 9112 §2): a start line and header fields, read from untrusted
 * input with hard bounds. Bodies are not read here; the stream is left positioned at the first body byte.
 *
 * <p>The head is immutable; the {@code with*} methods return changed copies.
 */
public final class HttpHead {

    /** Most bytes of a whole head (start line, fields and the empty line). */
    public static final int MAX_HEAD_BYTES = 16 * 1024;
    /** Most bytes of one line. */
    public static final int MAX_LINE_BYTES = 8 * 1024;
    /** Most header fields. */
    public static final int MAX_FIELDS = 100;

    /** One header field, name as received. */
    public record Field(String name, String value) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        boolean is(String other) {
            return name.equalsIgnoreCase(other);
        }
    }

    private final String startLine;
    private final List<Field> fields;

    public HttpHead(String startLine, List<Field> fields) {
        this.startLine = Objects.requireNonNull(startLine, "startLine");
        this.fields = List.copyOf(fields);
    }

    /**
     * Reads a head. Returns null when the stream ends cleanly before the first byte (the peer sent nothing).
     *
     * @throws HttpParseException when the head is malformed or exceeds a bound
     */
    public static HttpHead read(InputStream in) throws IOException {
        int[] budget = {MAX_HEAD_BYTES};
        String start = readLine(in, budget, true);
        if (start == null) {
            return null;
        }
        if (start.isEmpty()) {
            // tolerate one leading empty line (RFC 9112 §2.2)
            start = readLine(in, budget, false);
            if (start == null || start.isEmpty()) {
                throw new HttpParseException(400, "missing start line");
            }
        }
        checkText(start, "start line");
        List<Field> fields = new ArrayList<>();
        while (true) {
            String line = readLine(in, budget, false);
            if (line == null) {
                throw new HttpParseException(400, "head ended early");
            }
            if (line.isEmpty()) {
                break;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new HttpParseException(400, "folded header lines are not accepted");
            }
            if (fields.size() >= MAX_FIELDS) {
                throw new HttpParseException(431, "too many header fields");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new HttpParseException(400, "malformed header field");
            }
            String name = line.substring(0, colon);
            if (!isToken(name)) {
                throw new HttpParseException(400, "malformed header name");
            }
            String value = line.substring(colon + 1).strip();
            checkText(value, "header value");
            fields.add(new Field(name, value));
        }
        return new HttpHead(start, fields);
    }

    private static String readLine(InputStream in, int[] budget, boolean eofOk) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
        boolean first = true;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (first && eofOk) {
                    return null;
                }
                throw new HttpParseException(400, "head ended early");
            }
            first = false;
            if (--budget[0] < 0) {
                throw new HttpParseException(431, "request head too large");
            }
            if (b == '\n') {
                break;
            }
            buf.write(b);
            if (buf.size() > MAX_LINE_BYTES) {
                throw new HttpParseException(431, "header line too long");
            }
        }
        byte[] bytes = buf.toByteArray();
        int len = bytes.length;
        if (len > 0 && bytes[len - 1] == '\r') {
            len--;
        }
        // ISO-8859-1 keeps every byte as one char, so the checks below see exactly what was sent
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
    }

    private static void checkText(String s, String what) throws HttpParseException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new HttpParseException(400, "control character in " + what);
            }
        }
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public String startLine() {
        return startLine;
    }

    public List<Field> fields() {
        return fields;
    }

    /** The first value of a field, or null. */
    public String get(String name) {
        for (Field f : fields) {
            if (f.is(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** True when a {@code Connection} field lists {@code token} (any case), e.g. {@code close} or {@code keep-alive}. */
    public boolean hasConnectionToken(String token) {
        for (Field f : fields) {
            if (f.is("Connection")) {
                for (String t : f.value().split(",")) {
                    if (t.strip().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** How many fields carry this name. */
    public int count(String name) {
        int n = 0;
        for (Field f : fields) {
            if (f.is(name)) {
                n++;
            }
        }
        return n;
    }

    /** A copy without the fields whose lower-case name starts with {@code prefix} (lower case). */
    public HttpHead withoutPrefix(String prefix) {
        List<Field> kept = new ArrayList<>();
        for (Field f : fields) {
            if (!f.name().toLowerCase(Locale.ROOT).startsWith(prefix)) {
                kept.add(f);
            }
        }
        return new HttpHead(startLine, kept);
    }

    /** A copy without the named fields (any case). */
    public HttpHead without(String... names) {
        List<Field> kept = new ArrayList<>();
        outer:
        for (Field f : fields) {
            for (String n : names) {
                if (f.is(n)) {
                    continue outer;
                }
            }
            kept.add(f);
        }
        return new HttpHead(startLine, kept);
    }

    /** A copy with {@code name: value} replacing every field of that name, appended at the end. */
    public HttpHead with(String name, String value) {
        List<Field> kept = new ArrayList<>(without(name).fields);
        kept.add(new Field(name, value));
        return new HttpHead(startLine, kept);
    }

    /** A copy with another start line. */
    public HttpHead withStartLine(String line) {
        return new HttpHead(line, fields);
    }

    /** The head as bytes on the wire, CRLF line ends, ending with the empty line. */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder(256);
        sb.append(startLine).append("\r\n");
        for (Field f : fields) {
            sb.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.ISO_8859_1);
    }
}
