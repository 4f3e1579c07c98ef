package org.p2pstack.ipfs.internal.net;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Noise CipherState with ChaChaPoly (Noise spec §5.1, §12.3): 96-bit nonce = 32 zero bits || 64-bit little-endian counter. */
final class NoiseCipher {

    static final int TAG_LENGTH = 16;

    private final SecretKeySpec key;
    private final Cipher cipher;
    private long nonce;

    NoiseCipher(byte[] k) {
        this.key = new SecretKeySpec(k, "ChaCha20");
        try {
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no ChaCha20-Poly1305", e);
        }
    }

    private IvParameterSpec nextNonce() throws ProtocolException {
        if (nonce == -1L) {
            throw new ProtocolException("noise nonce exhausted");
        }
        byte[] iv = new byte[12];
        long n = nonce++;
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (n >>> (8 * i));
        }
        return new IvParameterSpec(iv);
    }

    byte[] encrypt(byte[] ad, byte[] plain, int off, int len) throws ProtocolException {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, nextNonce());
            if (ad != null) {
                cipher.updateAAD(ad);
            }
            return cipher.doFinal(plain, off, len);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] decrypt(byte[] ad, byte[] ct, int off, int len) throws ProtocolException {
        if (len < TAG_LENGTH) {
            throw new ProtocolException("noise ciphertext shorter than its tag");
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, nextNonce());
            if (ad != null) {
                cipher.updateAAD(ad);
            }
            return cipher.doFinal(ct, off, len);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new ProtocolException("noise message failed authentication");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
