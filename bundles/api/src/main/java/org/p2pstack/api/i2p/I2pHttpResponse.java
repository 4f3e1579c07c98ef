package org.p2pstack.api.i2p;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to an HTTP GET made over I2P.
 *
 * @param status  HTTP status code
 * @param headers response headers, names in lower case, in the order received
 * @param body    the body, at most the size asked for
 */
public record I2pHttpResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public I2pHttpResponse {
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        Objects.requireNonNull(body, "body");
    }

    /** The first value of a header (name in any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
