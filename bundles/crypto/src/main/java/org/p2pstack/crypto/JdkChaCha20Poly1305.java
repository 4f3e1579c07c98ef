package org.p2pstack.crypto;

import java.security.GeneralSecurityException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The JDK's ChaCha20-Poly1305 behind {@link Aead}: initialised per message, as the JDK requires a fresh nonce each time. */
final class JdkChaCha20Poly1305 implements Aead {

    /** From JDK 21 on, ChaCha20 and Poly1305 are intrinsics in HotSpot on x86-64 and AArch64. */
    static final boolean PREFERRED = Runtime.version().feature() >= 21;

    private final SecretKeySpec key;
    /** One per direction: the JDK refuses to initialise a cipher again with the key and nonce it just used. */
    private final Cipher encryptor;
    private final Cipher decryptor;

    JdkChaCha20Poly1305(byte[] key) {
        if (key.length != ChaCha20Poly1305.KEY_LENGTH) {
            throw new IllegalArgumentException("a ChaCha20-Poly1305 key is 32 bytes");
        }
        this.key = new SecretKeySpec(key, "ChaCha20");
        try {
            this.encryptor = Cipher.getInstance("ChaCha20-Poly1305");
            this.decryptor = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no ChaCha20-Poly1305", e);
        }
    }

    @Override
    public int seal(byte[] nonce, byte[] aad, byte[] in, int off, int len, byte[] out, int outOff) {
        try {
            encryptor.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
            if (aad != null && aad.length > 0) {
                encryptor.updateAAD(aad);
            }
            return encryptor.doFinal(in, off, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    @Override
    public int open(byte[] nonce, byte[] aad, byte[] in, int off, int len, byte[] out, int outOff)
            throws ChaCha20Poly1305.BadTagException {
        if (len < ChaCha20Poly1305.TAG_LENGTH) {
            throw new ChaCha20Poly1305.BadTagException();
        }
        try {
            decryptor.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
            if (aad != null && aad.length > 0) {
                decryptor.updateAAD(aad);
            }
            return decryptor.doFinal(in, off, len, out, outOff);
        } catch (AEADBadTagException e) {
            throw new ChaCha20Poly1305.BadTagException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
    }
}
