package org.p2pstack.social.internal.directory;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * An I2P destination (the network identity a b32 address names), read from its standard base64 form:
 * 256 bytes of encryption key, a 128-byte signing-key field, and a certificate. Only Ed25519 destinations
 * (key certificate, signature type 7) are accepted, as p2pstack creates; their 32-byte key sits at the end
 * of the signing-key field. The b32 address is the SHA-256 of the whole destination in lower-case base32.
 */
public final class I2pDestination {

    /** Smallest and largest destination accepted, in bytes. */
    static final int MIN_LENGTH = 387;
    static final int MAX_LENGTH = 1024;
    private static final int CERT_OFFSET = 384;
    private static final int CERT_KEY = 5;
    private static final int SIG_TYPE_ED25519 = 7;
    private static final byte[] ED25519_SPKI_PREFIX = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00 };

    private final byte[] bytes;
    private final byte[] signingKey;

    private I2pDestination(byte[] bytes, byte[] signingKey) {
        this.bytes = bytes;
        this.signingKey = signingKey;
    }

    /** Parses I2P's base64 (alphabet with '-' and '~' instead of '+' and '/'). */
    public static I2pDestination parse(String base64) throws IllegalArgumentException {
        if (base64 == null || base64.length() > MAX_LENGTH * 4 / 3 + 4) {
            throw new IllegalArgumentException("Not an I2P destination");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.replace('-', '+').replace('~', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not an I2P destination: bad base64", e);
        }
        if (bytes.length < MIN_LENGTH || bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("Not an I2P destination: " + bytes.length + " bytes");
        }
        int certType = bytes[CERT_OFFSET] & 0xff;
        int certLength = ((bytes[CERT_OFFSET + 1] & 0xff) << 8) | (bytes[CERT_OFFSET + 2] & 0xff);
        if (CERT_OFFSET + 3 + certLength != bytes.length) {
            throw new IllegalArgumentException("Not an I2P destination: certificate length does not match");
        }
        if (certType != CERT_KEY || certLength < 4) {
            throw new IllegalArgumentException("Only Ed25519 I2P destinations are accepted");
        }
        int sigType = ((bytes[CERT_OFFSET + 3] & 0xff) << 8) | (bytes[CERT_OFFSET + 4] & 0xff);
        if (sigType != SIG_TYPE_ED25519) {
            throw new IllegalArgumentException("Only Ed25519 I2P destinations are accepted (signature type " + sigType + ")");
        }
        byte[] key = new byte[32];
        System.arraycopy(bytes, CERT_OFFSET - 32, key, 0, 32);
        return new I2pDestination(bytes, key);
    }

    /** The {@code <52 characters>.b32.i2p} address of this destination. */
    public String b32() {
        return org.p2pstack.api.i2p.I2pAddress.ofDestination(bytes).host();
    }

    /** The Ed25519 signing key, hex: one key can sign for any number of destinations (the rest is not checked). */
    String signingKeyHex() {
        return java.util.HexFormat.of().formatHex(signingKey);
    }

    /** True if {@code signature} is this destination's Ed25519 signature of {@code data}. */
    public boolean verifies(byte[] data, byte[] signature) {
        if (signature == null || signature.length != 64) {
            return false;
        }
        try {
            byte[] spki = ByteBuffer.allocate(ED25519_SPKI_PREFIX.length + 32).put(ED25519_SPKI_PREFIX).put(signingKey).array();
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
