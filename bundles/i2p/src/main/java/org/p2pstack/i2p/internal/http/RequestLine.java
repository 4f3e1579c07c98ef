package org.p2pstack.i2p.internal.http;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An HTTP/1.x request line (RFC 9112 §3): {@code method SP request-target SP HTTP-version}.
 *
 * @param method  upper-case token
 * @param target  the request target exactly as sent
 * @param version {@code HTTP/1.0} or {@code HTTP/1.1}
 */
public record RequestLine(String method, String target, String version) {

    /** Longest request target accepted. */
    public static final int MAX_TARGET = 4096;

    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

    /** Parses and validates a request line. */
    public static RequestLine parse(String line) throws HttpParseException {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3) {
            throw new HttpParseException(400, "malformed request line");
        }
        if (!METHOD.matcher(parts[0]).matches()) {
            throw new HttpParseException(400, "malformed method");
        }
        String target = parts[1];
        if (target.isEmpty()) {
            throw new HttpParseException(400, "empty request target");
        }
        if (target.length() > MAX_TARGET) {
            throw new HttpParseException(414, "request target too long");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new HttpParseException(400, "invalid character in request target");
            }
        }
        String version = parts[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new HttpParseException(505, "unsupported HTTP version");
        }
        return new RequestLine(parts[0], target, version);
    }

    /** True when the target is in origin form ({@code /path?query}). */
    public boolean isOriginForm() {
        return target.startsWith("/");
    }

    /** The request line with another target. */
    public String withTarget(String newTarget) {
        return method + " " + newTarget + " " + version;
    }

    /** The method in lower case, for messages. */
    public String methodLower() {
        return method.toLowerCase(Locale.ROOT);
    }
}
