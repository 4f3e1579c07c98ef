package org.p2pstack.core.internal.web;

import java.nio.charset.StandardCharsets;

import org.p2pstack.api.web.WebSites;

/** Maps a request on the public or content connector into that site's namespace. */
public final class SitePaths {

    static final int MAX_PATH = 2048;

    private SitePaths() {
    }

    /**
     * The dispatch target for a decoded path on the public connector, always below
     * {@link WebSites#PUBLIC_PREFIX}, or null when the path is unsafe (dot segments, control characters,
     * backslashes, too long) and must be refused.
     */
    public static String publicTarget(String decodedPath) {
        return target(WebSites.PUBLIC_PREFIX, decodedPath);
    }

    /** The dispatch target for a decoded path below {@code prefix}, or null when the path is unsafe. */
    public static String target(String prefix, String decodedPath) {
        String path = decodedPath == null || decodedPath.isEmpty() ? "/" : decodedPath;
        if (!path.startsWith("/") || path.length() > MAX_PATH) {
            return null;
        }
        StringBuilder target = new StringBuilder(prefix);
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return null;
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c < 0x20 || c == 0x7f || c == '\\') {
                    return null;
                }
            }
            target.append('/').append(encodeSegment(segment));
        }
        return target.toString();
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder(segment.length());
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
