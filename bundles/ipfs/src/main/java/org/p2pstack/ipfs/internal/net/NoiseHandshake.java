package org.p2pstack.ipfs.internal.net;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.math.ec.rfc7748.X25519;
import org.p2pstack.ipfs.internal.crypto.Ed25519KeyPair;
import org.p2pstack.ipfs.internal.crypto.PublicKey;
import org.p2pstack.ipfs.internal.multiformats.Multihash;
import org.p2pstack.ipfs.internal.multiformats.PeerId;
import org.p2pstack.ipfs.internal.protobuf.ProtoReader;
import org.p2pstack.ipfs.internal.protobuf.ProtoWriter;

/**
 * libp2p's Noise handshake (libp2p/specs noise): {@code Noise_XX_25519_ChaChaPoly_SHA256}, empty prologue,
 * messages framed by a 2-byte big-endian length. The second and third messages carry a
 * {@code NoiseHandshakePayload} with the libp2p identity key and its signature over
 * {@code "noise-libp2p-static-key:" || static DH key}, which binds the Noise key to the peer ID.
 */
public final class NoiseHandshake {

    public static final String PROTOCOL_ID = "/noise";
    static final byte[] PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);
    /** Noise's own limit on a message. */
    public static final int MAX_MESSAGE = 65535;
    /** Bound on the handshake payload's fields. */
    public static final int MAX_PAYLOAD_FIELD = 2048;
    static final int DH_LEN = 32;

    private final Ed25519KeyPair identity;
    private final SecureRandom random;
    private final byte[] sPriv = new byte[X25519.SCALAR_SIZE];
    private final byte[] sPub = new byte[X25519.POINT_SIZE];
    private final byte[] ePriv = new byte[X25519.SCALAR_SIZE];
    private final byte[] ePub = new byte[X25519.POINT_SIZE];
    private byte[] re;
    private byte[] rs;
    // symmetric state
    private byte[] h;
    private byte[] ck;
    private NoiseCipher k;

    private NoiseHandshake(Ed25519KeyPair identity, SecureRandom random) {
        this.identity = identity;
        this.random = random;
        X25519.generatePrivateKey(random, sPriv);
        X25519.generatePublicKey(sPriv, 0, sPub, 0);
        X25519.generatePrivateKey(random, ePriv);
        X25519.generatePublicKey(ePriv, 0, ePub, 0);
        h = PROTOCOL_NAME.clone(); // exactly HASHLEN bytes: used as is
        ck = h.clone();
        mixHash(new byte[0]); // prologue
    }

    /** The result: an encrypted byte stream and the authenticated remote peer. */
    public record Result(SecureChannel channel, PeerId remotePeer, PublicKey remoteKey) {
    }

    /** Runs the initiator side; if {@code expected} is not null the responder must be that peer. */
    public static Result initiate(InputStream in, OutputStream out, Ed25519KeyPair identity, SecureRandom random,
            PeerId expected) throws IOException {
        NoiseHandshake hs = new NoiseHandshake(identity, random);
        // -> e
        hs.mixHash(hs.ePub);
        byte[] m1 = concat(hs.ePub, hs.encryptAndHash(new byte[0]));
        writeFrame(out, m1);
        // <- e, ee, s, es
        byte[] m2 = readFrame(in);
        if (m2.length < DH_LEN + DH_LEN + NoiseCipher.TAG_LENGTH + NoiseCipher.TAG_LENGTH) {
            throw new ProtocolException("noise message 2 too short");
        }
        hs.re = Arrays.copyOfRange(m2, 0, DH_LEN);
        hs.mixHash(hs.re);
        hs.mixKey(dh(hs.ePriv, hs.re));
        hs.rs = hs.decryptAndHash(m2, DH_LEN, DH_LEN + NoiseCipher.TAG_LENGTH);
        hs.mixKey(dh(hs.ePriv, hs.rs));
        int off = DH_LEN + DH_LEN + NoiseCipher.TAG_LENGTH;
        byte[] payload = hs.decryptAndHash(m2, off, m2.length - off);
        PublicKey remote = hs.verifyPayload(payload);
        PeerId remotePeer = remote.peerId();
        if (expected != null && !expected.equals(remotePeer)) {
            throw new ProtocolException("dialled " + expected + " but " + remotePeer + " answered");
        }
        // -> s, se
        byte[] c = hs.encryptAndHash(hs.sPub);
        hs.mixKey(dh(hs.sPriv, hs.re));
        byte[] p = hs.encryptAndHash(hs.payload());
        writeFrame(out, concat(c, p));
        NoiseCipher[] split = hs.split();
        return new Result(new SecureChannel(in, out, split[0], split[1]), remotePeer, remote);
    }

    /** Runs the responder side. */
    public static Result respond(InputStream in, OutputStream out, Ed25519KeyPair identity, SecureRandom random)
            throws IOException {
        NoiseHandshake hs = new NoiseHandshake(identity, random);
        // -> e
        byte[] m1 = readFrame(in);
        if (m1.length < DH_LEN) {
            throw new ProtocolException("noise message 1 too short");
        }
        hs.re = Arrays.copyOfRange(m1, 0, DH_LEN);
        hs.mixHash(hs.re);
        hs.decryptAndHash(m1, DH_LEN, m1.length - DH_LEN); // empty payload, no key yet: mixed in as is
        // <- e, ee, s, es
        hs.mixHash(hs.ePub);
        hs.mixKey(dh(hs.ePriv, hs.re));
        byte[] c = hs.encryptAndHash(hs.sPub);
        hs.mixKey(dh(hs.sPriv, hs.re));
        byte[] p = hs.encryptAndHash(hs.payload());
        writeFrame(out, concat(hs.ePub, c, p));
        // -> s, se
        byte[] m3 = readFrame(in);
        if (m3.length < DH_LEN + NoiseCipher.TAG_LENGTH * 2) {
            throw new ProtocolException("noise message 3 too short");
        }
        hs.rs = hs.decryptAndHash(m3, 0, DH_LEN + NoiseCipher.TAG_LENGTH);
        hs.mixKey(dh(hs.ePriv, hs.rs));
        int off = DH_LEN + NoiseCipher.TAG_LENGTH;
        byte[] payload = hs.decryptAndHash(m3, off, m3.length - off);
        PublicKey remote = hs.verifyPayload(payload);
        NoiseCipher[] split = hs.split();
        return new Result(new SecureChannel(in, out, split[1], split[0]), remote.peerId(), remote);
    }

    private byte[] payload() {
        byte[] sig = identity.sign(concat(SIGNATURE_PREFIX, sPub));
        return new ProtoWriter().bytes(1, identity.publicKey().encode()).bytes(2, sig).toByteArray();
    }

    /** Checks the remote's NoiseHandshakePayload against its static key {@code rs}. */
    private PublicKey verifyPayload(byte[] payload) throws ProtocolException {
        byte[] key = null;
        byte[] sig = null;
        try {
            ProtoReader r = new ProtoReader(payload);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> key = r.bytes(PublicKey.MAX_ENCODED_LENGTH);
                    case 2 -> sig = r.bytes(PublicKey.MAX_SIGNATURE_LENGTH);
                    default -> r.skip(); // extensions (stream muxers, webtransport certhashes)
                }
            }
            if (key == null || sig == null) {
                throw new ProtocolException("noise payload without identity key or signature");
            }
            PublicKey pk = PublicKey.decode(key);
            if (!pk.verify(concat(SIGNATURE_PREFIX, rs), sig)) {
                throw new ProtocolException("noise payload signature does not match the static key");
            }
            return pk;
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("malformed noise payload: " + e.getMessage(), e);
        }
    }

    // --- Noise SymmetricState (Noise spec §5.2) ---

    private void mixHash(byte[] data) {
        MessageDigest md = Multihash.sha256Digest();
        md.update(h);
        md.update(data);
        h = md.digest();
    }

    private void mixKey(byte[] ikm) {
        byte[][] out = hkdf(ck, ikm);
        ck = out[0];
        k = new NoiseCipher(out[1]);
    }

    private byte[] encryptAndHash(byte[] plain) throws ProtocolException {
        byte[] c = k == null ? plain.clone() : k.encrypt(h, plain, 0, plain.length);
        mixHash(c);
        return c;
    }

    private byte[] decryptAndHash(byte[] buf, int off, int len) throws ProtocolException {
        byte[] c = Arrays.copyOfRange(buf, off, off + len);
        byte[] p = k == null ? c : k.decrypt(h, c, 0, c.length);
        mixHash(c);
        return p;
    }

    private NoiseCipher[] split() {
        byte[][] out = hkdf(ck, new byte[0]);
        return new NoiseCipher[] {new NoiseCipher(out[0]), new NoiseCipher(out[1])};
    }

    static byte[][] hkdf(byte[] chainingKey, byte[] ikm) {
        byte[] temp = hmac(chainingKey, ikm);
        byte[] o1 = hmac(temp, new byte[] {1});
        byte[] o2 = hmac(temp, concat(o1, new byte[] {2}));
        return new byte[][] {o1, o2};
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] dh(byte[] priv, byte[] pub) throws ProtocolException {
        byte[] out = new byte[X25519.POINT_SIZE];
        if (!X25519.calculateAgreement(priv, 0, pub, 0, out, 0)) {
            throw new ProtocolException("noise: low-order X25519 key");
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    static void writeFrame(OutputStream out, byte[] msg) throws IOException {
        if (msg.length > MAX_MESSAGE) {
            throw new IllegalArgumentException("noise message too long");
        }
        byte[] b = new byte[2 + msg.length];
        b[0] = (byte) (msg.length >>> 8);
        b[1] = (byte) msg.length;
        System.arraycopy(msg, 0, b, 2, msg.length);
        out.write(b);
        out.flush();
    }

    static byte[] readFrame(InputStream in) throws IOException {
        int hi = in.read();
        int lo = in.read();
        if (hi < 0 || lo < 0) {
            throw new EOFException("connection closed during noise handshake");
        }
        byte[] b = new byte[(hi << 8) | lo];
        new DataInputStream(in).readFully(b);
        return b;
    }
}
