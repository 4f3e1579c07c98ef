package org.p2pstack.ipfs.internal.gateway;

/**
 * One HTTP byte range (RFC 9110 §14.1.2) resolved against a file size: {@code bytes=a-b}, {@code bytes=a-},
 * {@code bytes=-n}. Multiple ranges are not served (the whole file is sent instead, as RFC 9110 allows).
 */
public record ByteRange(long start, long length) {

    /** Longest Range header looked at. */
    public static final int MAX_HEADER = 256;

    /** Thrown for a syntactically valid range that lies beyond the file: answered with 416. */
    public static final class Unsatisfiable extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** The range asked for, or null to send the whole file (no header, a header we ignore, or several ranges). */
    public static ByteRange parse(String header, long size) throws Unsatisfiable {
        if (header == null || header.length() > MAX_HEADER || !header.startsWith("bytes=")) {
            return null;
        }
        String spec = header.substring(6).trim();
        if (spec.contains(",")) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                long n = Long.parseLong(b);
                if (n <= 0 || size == 0) {
                    throw new Unsatisfiable();
                }
                n = Math.min(n, size);
                return new ByteRange(size - n, n);
            }
            long start = Long.parseLong(a);
            long end = b.isEmpty() ? size - 1 : Long.parseLong(b);
            if (start >= size) {
                throw new Unsatisfiable();
            }
            if (start < 0 || end < start) {
                return null;
            }
            end = Math.min(end, size - 1);
            return new ByteRange(start, end - start + 1);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public String contentRange(long size) {
        return "bytes " + start + "-" + (start + length - 1) + "/" + size;
    }
}
