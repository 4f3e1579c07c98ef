package org.p2pstack.api.web;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an HTTP {@code Range} header (RFC 9110 §14), shared by everything that serves media
 * (web seed, gateway, public media). Players and web seed clients ask for one range at a time; a header
 * naming several ranges is answered with the whole file, as the RFC allows.
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

    public static Outcome parse(String header, long fileLength) {
        if (header == null || header.length() > MAX_HEADER) {
            return new Whole();
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches()) {
            return header.strip().startsWith("bytes=") && header.contains(",") ? new Whole() : invalid(header);
        }
        String from = m.group(1);
        String to = m.group(2);
        Optional<Long> start = parseLong(from);
        Optional<Long> end = parseLong(to);
        if (start.isEmpty() && end.isEmpty()) {
            return new Unsatisfiable();
        }
        if (start.isEmpty()) {
            long suffix = end.get();
            if (suffix == 0 || fileLength == 0) {
                return new Unsatisfiable();
            }
            return new Partial(new ByteRange(Math.max(0, fileLength - suffix), fileLength - 1));
        }
        long first = start.get();
        long last = end.map(e -> Math.min(e, fileLength - 1)).orElse(fileLength - 1);
        if (first >= fileLength || end.isPresent() && end.get() < first) {
            return new Unsatisfiable();
        }
        return new Partial(new ByteRange(first, last));
    }

    private static Outcome invalid(String header) {
        // a syntactically broken Range is ignored (whole file) unless it is plainly a bytes range
        return header.strip().startsWith("bytes=") ? new Unsatisfiable() : new Whole();
    }

    private static Optional<Long> parseLong(String digits) {
        if (digits.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(digits));
        } catch (NumberFormatException tooLarge) {
            return Optional.of(Long.MAX_VALUE);
        }
    }
}
