package org.p2pstack.api.i2p;

import java.util.Objects;

/**
 * A destination on the I2P network, the address of a node or a site.
 *
 * @param b64 the full destination in I2P's Base64 alphabet (at least 516 characters)
 * @param b32 the short address {@code <52 characters>.b32.i2p}, derived from the destination's hash
 */
public record I2pDestination(String b64, String b32) {

    public I2pDestination {
        Objects.requireNonNull(b64, "b64");
        Objects.requireNonNull(b32, "b32");
    }
}
