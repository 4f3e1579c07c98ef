package org.p2pstack.i2p.internal.http;

import java.util.Objects;

/**
 * The verified identity of a visitor, as the streaming library checked it (the SYN is signed by the
 * visitor's destination).
 *
 * @param b32     {@code <52>.b32.i2p}
 * @param b64     the full destination in Base64
 * @param hashB64 the destination hash in Base64 (44 characters), as I2PTunnel sends it
 */
public record Visitor(String b32, String b64, String hashB64) {

    public Visitor {
        Objects.requireNonNull(b32, "b32");
        Objects.requireNonNull(b64, "b64");
        Objects.requireNonNull(hashB64, "hashB64");
    }
}
