package org.p2pstack.ipfs.internal.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.p2pstack.ipfs.internal.multiformats.PeerId;
import org.p2pstack.ipfs.internal.protobuf.ProtoReader;
import org.p2pstack.ipfs.internal.protobuf.ProtoWriter;

/**
 * A peer's public key in libp2p's encoding: protobuf {@code PublicKey { KeyType Type = 1; bytes Data = 2; }}
 * where Data is the raw 32-byte Ed25519 key, the 33-byte compressed secp256k1 point, or the DER
 * SubjectPublicKeyInfo of an ECDSA or RSA key. Verifies signatures as libp2p specifies (Ed25519 pure,
 * secp256k1/ECDSA DER over SHA-256, RSA PKCS#1 v1.5 with SHA-256).
 */
public final class PublicKey {

    /** Longest encoded key accepted: an RSA-8192 SubjectPublicKeyInfo fits. */
    public static final int MAX_ENCODED_LENGTH = 1200;
    /** Smallest and largest RSA modulus accepted (libp2p requires at least 2048 bits). */
    public static final int MIN_RSA_BITS = 2048;
    public static final int MAX_RSA_BITS = 8192;
    /** Longest signature accepted. */
    public static final int MAX_SIGNATURE_LENGTH = 1024;

    private static final X9ECParameters SECP256K1 = SECNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters SECP256K1_DOMAIN = new ECDomainParameters(SECP256K1.getCurve(),
            SECP256K1.getG(), SECP256K1.getN(), SECP256K1.getH());

    private final KeyType type;
    private final byte[] data;
    private final java.security.PublicKey jdkKey; // ECDSA / RSA
    private final ECPoint secpPoint;

    private PublicKey(KeyType type, byte[] data) {
        this.type = type;
        this.data = data;
        java.security.PublicKey jdk = null;
        ECPoint point = null;
        try {
            switch (type) {
                case ED25519 -> {
                    if (data.length != Ed25519.PUBLIC_KEY_SIZE) {
                        throw new IllegalArgumentException("Ed25519 key must be 32 bytes");
                    }
                }
                case SECP256K1 -> {
                    if (data.length != 33 && data.length != 65) {
                        throw new IllegalArgumentException("secp256k1 key must be 33 or 65 bytes");
                    }
                    point = SECP256K1.getCurve().decodePoint(data);
                    if (!point.isValid() || point.isInfinity()) {
                        throw new IllegalArgumentException("secp256k1 point not on the curve");
                    }
                }
                case ECDSA -> {
                    jdk = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(ecdsaSpki(data)));
                    if (!(jdk instanceof ECPublicKey)) {
                        throw new IllegalArgumentException("not an EC key");
                    }
                }
                case RSA -> {
                    jdk = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(data));
                    int bits = ((RSAPublicKey) jdk).getModulus().bitLength();
                    if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
                        throw new IllegalArgumentException("RSA key of " + bits + " bits not accepted");
                    }
                }
                default -> throw new IllegalArgumentException("unknown key type");
            }
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
            throw e instanceof IllegalArgumentException iae ? iae
                    : new IllegalArgumentException("malformed " + type + " public key: " + e.getMessage(), e);
        }
        this.jdkKey = jdk;
        this.secpPoint = point;
    }

    /**
     * go-libp2p writes ECDSA keys as SubjectPublicKeyInfo; js-libp2p as
     * {@code SEQUENCE { INTEGER 1, [0] curve OID, [1] BIT STRING point }}. Both become SubjectPublicKeyInfo.
     */
    private static byte[] ecdsaSpki(byte[] der) throws java.io.IOException {
        ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
        if (seq.size() == 3 && seq.getObjectAt(0) instanceof ASN1Integer) {
            org.bouncycastle.asn1.ASN1ObjectIdentifier curve = org.bouncycastle.asn1.ASN1ObjectIdentifier.getInstance(
                    org.bouncycastle.asn1.ASN1TaggedObject.getInstance(seq.getObjectAt(1)).getExplicitBaseObject());
            org.bouncycastle.asn1.ASN1BitString point = org.bouncycastle.asn1.ASN1BitString.getInstance(
                    org.bouncycastle.asn1.ASN1TaggedObject.getInstance(seq.getObjectAt(2)).getExplicitBaseObject());
            return new org.bouncycastle.asn1.x509.SubjectPublicKeyInfo(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                    org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey, curve), point.getOctets()).getEncoded();
        }
        return der;
    }

    public static PublicKey of(KeyType type, byte[] data) {
        return new PublicKey(type, data.clone());
    }

    /** Parses the protobuf encoding. */
    public static PublicKey decode(byte[] encoded) {
        if (encoded.length > MAX_ENCODED_LENGTH) {
            throw new IllegalArgumentException("public key longer than " + MAX_ENCODED_LENGTH);
        }
        ProtoReader r = new ProtoReader(encoded);
        Integer type = null;
        byte[] data = null;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> type = r.int32();
                case 2 -> data = r.bytes(MAX_ENCODED_LENGTH);
                default -> r.skip();
            }
        }
        if (type == null || data == null) {
            throw new IllegalArgumentException("public key without type or data");
        }
        return new PublicKey(KeyType.of(type), data);
    }

    public byte[] encode() {
        return new ProtoWriter().uint64(1, type.ordinal()).bytes(2, data).toByteArray();
    }

    public KeyType type() {
        return type;
    }

    public byte[] data() {
        return data.clone();
    }

    public PeerId peerId() {
        return PeerId.fromPublicKey(encode());
    }

    /** True if {@code signature} is a valid signature of {@code message} by this key; never throws on bad input. */
    public boolean verify(byte[] message, byte[] signature) {
        if (signature == null || signature.length > MAX_SIGNATURE_LENGTH) {
            return false;
        }
        try {
            return switch (type) {
                case ED25519 -> signature.length == Ed25519.SIGNATURE_SIZE
                        && Ed25519.verify(signature, 0, data, 0, message, 0, message.length);
                case SECP256K1 -> verifySecp256k1(message, signature);
                // go-libp2p signs in DER, js-libp2p (WebCrypto) in IEEE P1363 r||s
                case ECDSA -> signature.length > 0 && signature[0] == 0x30 && jdkVerifyQuietly("SHA256withECDSA", message, signature)
                        || jdkVerifyQuietly("SHA256withECDSAinP1363Format", message, signature);
                case RSA -> jdkVerify("SHA256withRSA", message, signature);
            };
        } catch (RuntimeException | GeneralSecurityException | java.io.IOException e) {
            return false;
        }
    }

    private boolean jdkVerifyQuietly(String alg, byte[] message, byte[] signature) {
        try {
            return jdkVerify(alg, message, signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private boolean jdkVerify(String alg, byte[] message, byte[] signature) throws GeneralSecurityException {
        Signature s = Signature.getInstance(alg);
        s.initVerify(jdkKey);
        s.update(message);
        return s.verify(signature);
    }

    private boolean verifySecp256k1(byte[] message, byte[] der) throws java.io.IOException {
        ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
        if (seq.size() != 2) {
            return false;
        }
        BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
        BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
        SHA256Digest d = new SHA256Digest();
        d.update(message, 0, message.length);
        byte[] hash = new byte[32];
        d.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, new ECPublicKeyParameters(secpPoint, SECP256K1_DOMAIN));
        return signer.verifySignature(hash, r, s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey k && k.type == type && Arrays.equals(k.data, data);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(data);
    }
}
