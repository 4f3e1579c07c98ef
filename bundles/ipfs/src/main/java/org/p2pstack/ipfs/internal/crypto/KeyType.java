package org.p2pstack.ipfs.internal.crypto;

/** libp2p's {@code KeyType} enum (libp2p/specs peer-ids). */
public enum KeyType {
    RSA, ED25519, SECP256K1, ECDSA;

    static KeyType of(int n) {
        if (n < 0 || n >= values().length) {
            throw new IllegalArgumentException("unknown libp2p key type " + n);
        }
        return values()[n];
    }
}
