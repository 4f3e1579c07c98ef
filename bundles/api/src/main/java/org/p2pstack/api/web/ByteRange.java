package org.p2pstack.api.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an HTTP {@code Range} header (RFC 9110 §14), shared by everything that serves media
 * (web seed, IPFS gateway, public media). Players and web seed clients ask for one range at a time: a
 * header naming several ranges, another unit, or a syntactically invalid range (RFC 9110 §14.1.1, e.g. a
 * last position before the first) is ignored and the whole file is sent, as the RFC asks.
 */
public record ByteRange(long first, long last) {

    /** Longest Range header looked at; anything longer is ignored (whole file). */
    public static final int MAX_HEADER = 200;
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,40})-(\\d{0,40})");

    /** The outcome of reading a Range header against a file of a given length. */
    public sealed interface Outcome permits Whole, Partial, Unsatisfiable {
    }

    /** No usable Range: send the whole file with 200. */
    public record Whole() implements Outcome {
    }

    /** Send this range with 206. */
    public record Partial(ByteRange range) implements Outcome {
    }

    /** Answer 416 with {@code Content-Range: bytes *}{@code /length}. */
    public record Unsatisfiable() implements Outcome {
    }

    public long length() {
        return last - first + 1;
    }

    /** {@code Content-Range} value for this range of a file of {@code fileLength} bytes. */
    public String contentRange(long fileLength) {
        return "bytes " + first + "-" + last + "/" + fileLength;
    }

    public static Outcome parse(String header, long fileLength) {
        if (header == null || header.length() > MAX_HEADER) {
            return new Whole();
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return new Whole();
        }
        long from = parseLong(m.group(1));
        long to = parseLong(m.group(2));
        if (m.group(1).isEmpty()) {
            // suffix range: the last n bytes
            if (to == 0 || fileLength == 0) {
                return new Unsatisfiable();
            }
            return new Partial(new ByteRange(Math.max(0, fileLength - to), fileLength - 1));
        }
        if (!m.group(2).isEmpty() && to < from) {
            return new Whole(); // invalid range-spec: the header is ignored
        }
        if (from >= fileLength) {
            return new Unsatisfiable();
        }
        long last = m.group(2).isEmpty() ? fileLength - 1 : Math.min(to, fileLength - 1);
        return new Partial(new ByteRange(from, last));
    }

    private static long parseLong(String digits) {
        if (digits.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooLarge) {
            return Long.MAX_VALUE;
        }
    }
}
