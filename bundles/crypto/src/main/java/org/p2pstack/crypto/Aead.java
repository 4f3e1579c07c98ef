package org.p2pstack.crypto;

/** An AEAD cipher bound to one key, as a Noise CipherState uses it: 12-byte nonces, 16-byte tags. */
public interface Aead {

    /** Encrypts {@code in[off, off+len)} into {@code out} at {@code outOff} (ciphertext, then tag); returns its length. */
    int seal(byte[] nonce, byte[] aad, byte[] in, int off, int len, byte[] out, int outOff);

    /**
     * Checks the tag of {@code in[off, off+len)} and decrypts it into {@code out} at {@code outOff} (which may be
     * {@code in} at the same offset); returns the plaintext length.
     */
    int open(byte[] nonce, byte[] aad, byte[] in, int off, int len, byte[] out, int outOff) throws ChaCha20Poly1305.BadTagException;

    /**
     * The faster ChaCha20-Poly1305 for this JVM: from JDK 21 on the JDK's own cipher runs on vector
     * instructions (2.1-2.3 GB/s measured here on JDK 25), on JDK 17 ours is faster than the JDK's (340 vs
     * 260 MiB/s per core).
     */
    static Aead chaCha20Poly1305(byte[] key) {
        return JdkChaCha20Poly1305.PREFERRED ? new JdkChaCha20Poly1305(key) : new ChaCha20Poly1305(key);
    }
}
