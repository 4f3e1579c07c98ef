package org.p2pstack.ipfs.internal.net;

import org.p2pstack.crypto.Aead;
import org.p2pstack.crypto.ChaCha20Poly1305;

/** Noise CipherState with ChaChaPoly (Noise spec §5.1, §12.3): 96-bit nonce = 32 zero bits || 64-bit little-endian counter. */
final class NoiseCipher {

    static final int TAG_LENGTH = ChaCha20Poly1305.TAG_LENGTH;

    private final Aead aead;
    private final byte[] nonceBytes = new byte[ChaCha20Poly1305.NONCE_LENGTH];
    private long nonce;

    NoiseCipher(byte[] k) {
        this.aead = Aead.chaCha20Poly1305(k);
    }

    private byte[] nextNonce() throws ProtocolException {
        if (nonce == -1L) {
            throw new ProtocolException("noise nonce exhausted");
        }
        long n = nonce++;
        for (int i = 0; i < 8; i++) {
            nonceBytes[4 + i] = (byte) (n >>> (8 * i));
        }
        return nonceBytes;
    }

    byte[] encrypt(byte[] ad, byte[] plain, int off, int len) throws ProtocolException {
        byte[] out = new byte[len + TAG_LENGTH];
        aead.seal(nextNonce(), ad, plain, off, len, out, 0);
        return out;
    }

    /** Seals {@code plain[off, off+len)} into {@code out} at {@code outOff}; returns the sealed length. */
    int encrypt(byte[] plain, int off, int len, byte[] out, int outOff) throws ProtocolException {
        return aead.seal(nextNonce(), null, plain, off, len, out, outOff);
    }

    /** Opens {@code ct[off, off+len)} in place; returns the plaintext length. */
    int decryptInPlace(byte[] ct, int off, int len) throws ProtocolException {
        return open(null, ct, off, len, ct, off);
    }

    byte[] decrypt(byte[] ad, byte[] ct, int off, int len) throws ProtocolException {
        checkLength(len);
        byte[] out = new byte[len - TAG_LENGTH];
        open(ad, ct, off, len, out, 0);
        return out;
    }

    private int open(byte[] ad, byte[] ct, int off, int len, byte[] out, int outOff) throws ProtocolException {
        checkLength(len);
        try {
            return aead.open(nextNonce(), ad, ct, off, len, out, outOff);
        } catch (ChaCha20Poly1305.BadTagException e) {
            throw new ProtocolException("noise message failed authentication");
        }
    }

    private static void checkLength(int len) throws ProtocolException {
        if (len < TAG_LENGTH) {
            throw new ProtocolException("noise ciphertext shorter than its tag");
        }
    }
}
