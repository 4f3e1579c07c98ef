package org.p2pstack.swarm.internal.sodium;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.p2pstack.crypto.ChaCha20;
import org.p2pstack.crypto.ChaCha20Poly1305;
import org.p2pstack.crypto.Poly1305;

/**
 * The libsodium functions the Holepunch tree calls, on byte arrays with offsets, byte-exact with
 * libsodium (checked against vectors made by sodium-native). Names follow libsodium's; a negative or
 * false result is libsodium's failure.
 */
public final class Sodium {

    public static final int SIGN_SECRETKEYBYTES = 64;
    public static final int SECRETSTREAM_STATEBYTES = 52;
    public static final int SECRETSTREAM_HEADERBYTES = 24;
    public static final int SECRETSTREAM_ABYTES = 17;
    public static final int TAG_MESSAGE = 0;
    public static final int TAG_PUSH = 1;
    public static final int TAG_REKEY = 2;
    public static final int TAG_FINAL = 3;

    private static final byte[] ZERO16 = new byte[16];

    private final SecureRandom random = new SecureRandom();

    public void randombytesBuf(byte[] b, int off, int len) {
        byte[] r = new byte[len];
        random.nextBytes(r);
        System.arraycopy(r, 0, b, off, len);
    }

    // --- hashing

    public void genericHash(byte[] out, int outOff, int outLen, byte[] in, int inOff, int inLen,
            byte[] key, int keyOff, int keyLen) {
        byte[] k = key == null || keyLen == 0 ? null : Arrays.copyOfRange(key, keyOff, keyOff + keyLen);
        Blake2bDigest d = new Blake2bDigest(k, outLen, null, null);
        d.update(in, inOff, inLen);
        byte[] h = new byte[outLen];
        d.doFinal(h, 0);
        System.arraycopy(h, 0, out, outOff, outLen);
    }

    public void hashSha512(byte[] out, int outOff, byte[] in, int inOff, int inLen) {
        MessageDigest md = sha512();
        md.update(in, inOff, inLen);
        System.arraycopy(md.digest(), 0, out, outOff, 64);
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- Ed25519 signatures: the secret key is seed || public key, as in libsodium

    public void signSeedKeypair(byte[] pk, int pkOff, byte[] sk, int skOff, byte[] seed, int seedOff) {
        byte[] s = Arrays.copyOfRange(seed, seedOff, seedOff + 32);
        byte[] p = new byte[32];
        Ed25519.generatePublicKey(s, 0, p, 0);
        System.arraycopy(p, 0, pk, pkOff, 32);
        System.arraycopy(s, 0, sk, skOff, 32);
        System.arraycopy(p, 0, sk, skOff + 32, 32);
    }

    public void signKeypair(byte[] pk, int pkOff, byte[] sk, int skOff) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        signSeedKeypair(pk, pkOff, sk, skOff, seed, 0);
    }

    public void signDetached(byte[] sig, int sigOff, byte[] m, int mOff, int mLen, byte[] sk, int skOff) {
        Ed25519.sign(sk, skOff, sk, skOff + 32, m, mOff, mLen, sig, sigOff);
    }

    public boolean signVerifyDetached(byte[] sig, int sigOff, byte[] m, int mOff, int mLen, byte[] pk, int pkOff) {
        try {
            return Ed25519.verify(sig, sigOff, pk, pkOff, m, mOff, mLen);
        } catch (RuntimeException e) {
            return false;
        }
    }

    public void signEd25519SkToPk(byte[] pk, int pkOff, byte[] sk, int skOff) {
        System.arraycopy(sk, skOff + 32, pk, pkOff, 32);
    }

    /** libsodium rejects non-canonical, small-order and off-subgroup points, a zero scalar and an identity result. */
    public boolean scalarmultEd25519Noclamp(byte[] q, int qOff, byte[] n, int nOff, byte[] p, int pOff) {
        Ed25519Point point = Ed25519Point.decode(p, pOff);
        if (point == null || point.timesCofactor().isIdentity() || !point.multiply(Ed25519Point.L).isIdentity()) {
            return false;
        }
        byte[] t = Arrays.copyOfRange(n, nOff, nOff + 32);
        boolean zero = isZero(t);
        t[31] &= 127;
        byte[] r = point.multiply(t).encode();
        if (zero || (r[0] == 1 && isZero(Arrays.copyOfRange(r, 1, 32)))) {
            return false;
        }
        System.arraycopy(r, 0, q, qOff, 32);
        return true;
    }

    private static boolean isZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }

    // --- X25519 key pairs (crypto_box)

    public void boxSeedKeypair(byte[] pk, int pkOff, byte[] sk, int skOff, byte[] seed, int seedOff) {
        MessageDigest md = sha512();
        md.update(seed, seedOff, 32);
        byte[] h = md.digest();
        System.arraycopy(h, 0, sk, skOff, 32);
        X25519.scalarMultBase(h, 0, pk, pkOff);
    }

    public void boxKeypair(byte[] pk, int pkOff, byte[] sk, int skOff) {
        byte[] s = new byte[32];
        random.nextBytes(s);
        System.arraycopy(s, 0, sk, skOff, 32);
        X25519.scalarMultBase(s, 0, pk, pkOff);
    }

    // --- XSalsa20 and XSalsa20-Poly1305 (crypto_stream, crypto_secretbox)

    public void streamXor(byte[] c, int cOff, byte[] m, int mOff, int len, byte[] n, int nOff, byte[] k, int kOff) {
        XSalsa20Engine e = new XSalsa20Engine();
        e.init(true, new ParametersWithIV(new KeyParameter(k, kOff, 32), n, nOff, 24));
        e.processBytes(m, mOff, len, c, cOff);
    }

    public void secretboxEasy(byte[] c, int cOff, byte[] m, int mOff, int mLen, byte[] n, int nOff, byte[] k, int kOff) {
        XSalsa20Engine e = new XSalsa20Engine();
        e.init(true, new ParametersWithIV(new KeyParameter(k, kOff, 32), n, nOff, 24));
        byte[] polyKey = new byte[32];
        e.processBytes(new byte[32], 0, 32, polyKey, 0);
        byte[] body = new byte[mLen];
        e.processBytes(m, mOff, mLen, body, 0);
        byte[] mac = poly1305(polyKey, body, 0, mLen);
        System.arraycopy(mac, 0, c, cOff, 16);
        System.arraycopy(body, 0, c, cOff + 16, mLen);
    }

    public boolean secretboxOpenEasy(byte[] m, int mOff, byte[] c, int cOff, int cLen, byte[] n, int nOff, byte[] k, int kOff) {
        if (cLen < 16) {
            return false;
        }
        XSalsa20Engine e = new XSalsa20Engine();
        e.init(false, new ParametersWithIV(new KeyParameter(k, kOff, 32), n, nOff, 24));
        byte[] polyKey = new byte[32];
        e.processBytes(new byte[32], 0, 32, polyKey, 0);
        byte[] mac = poly1305(polyKey, c, cOff + 16, cLen - 16);
        if (!MessageDigest.isEqual(mac, Arrays.copyOfRange(c, cOff, cOff + 16))) {
            return false;
        }
        e.processBytes(c, cOff + 16, cLen - 16, m, mOff);
        return true;
    }

    private static byte[] poly1305(byte[] key, byte[] in, int off, int len) {
        Poly1305 mac = new Poly1305(key, 0);
        mac.update(in, off, len);
        byte[] out = new byte[16];
        mac.finish(out, 0);
        return out;
    }

    // --- ChaCha20-Poly1305 IETF AEAD (Noise cipher)

    /** Returns the ciphertext length, or -1. */
    public int aeadChaCha20Poly1305IetfEncrypt(byte[] c, int cOff, byte[] m, int mOff, int mLen, byte[] ad, int adOff,
            int adLen, byte[] npub, int npubOff, byte[] k, int kOff) {
        ChaCha20Poly1305 aead = new ChaCha20Poly1305(Arrays.copyOfRange(k, kOff, kOff + 32));
        return aead.seal(Arrays.copyOfRange(npub, npubOff, npubOff + 12), adLen > 0 ? Arrays.copyOfRange(ad, adOff, adOff + adLen) : null,
                m, mOff, mLen, c, cOff);
    }

    /** Returns the message length, or -1 when the tag does not verify. */
    public int aeadChaCha20Poly1305IetfDecrypt(byte[] m, int mOff, byte[] c, int cOff, int cLen, byte[] ad, int adOff,
            int adLen, byte[] npub, int npubOff, byte[] k, int kOff) {
        if (cLen < 16) {
            return -1;
        }
        ChaCha20Poly1305 aead = new ChaCha20Poly1305(Arrays.copyOfRange(k, kOff, kOff + 32));
        try {
            return aead.open(Arrays.copyOfRange(npub, npubOff, npubOff + 12), adLen > 0 ? Arrays.copyOfRange(ad, adOff, adOff + adLen) : null,
                    c, cOff, cLen, m, mOff);
        } catch (ChaCha20Poly1305.BadTagException e) {
            return -1;
        }
    }

    // --- secretstream XChaCha20-Poly1305; state = key[32] | counter[4] | inonce[8] | pad[8], as libsodium

    public void secretstreamInitPush(byte[] state, int sOff, byte[] header, int hOff, byte[] k, int kOff) {
        randombytesBuf(header, hOff, SECRETSTREAM_HEADERBYTES);
        secretstreamInit(state, sOff, header, hOff, k, kOff);
    }

    public void secretstreamInitPull(byte[] state, int sOff, byte[] header, int hOff, byte[] k, int kOff) {
        secretstreamInit(state, sOff, header, hOff, k, kOff);
    }

    private static void secretstreamInit(byte[] state, int sOff, byte[] header, int hOff, byte[] k, int kOff) {
        ChaCha20.hChaCha20(k, kOff, header, hOff, state, sOff); // the subkey is the state's key
        resetCounter(state, sOff);
        System.arraycopy(header, hOff + 16, state, sOff + 36, 8);
        Arrays.fill(state, sOff + 44, sOff + 52, (byte) 0);
    }

    private static void resetCounter(byte[] state, int sOff) {
        state[sOff + 32] = 1;
        state[sOff + 33] = 0;
        state[sOff + 34] = 0;
        state[sOff + 35] = 0;
    }

    public int secretstreamPush(byte[] state, int sOff, byte[] c, int cOff, byte[] m, int mOff, int mLen,
            byte[] ad, int adOff, int adLen, int tag) {
        ChaCha20 chacha = new ChaCha20(state, sOff);
        Poly1305 poly = secretstreamPoly(chacha, state, sOff, ad, adOff, adLen);
        byte[] block = new byte[64];
        block[0] = (byte) tag;
        chacha.xor(state, sOff + 32, 1, block, 0, block, 0, 64);
        poly.update(block, 0, 64);
        c[cOff] = block[0];
        chacha.xor(state, sOff + 32, 2, m, mOff, c, cOff + 1, mLen);
        poly.update(c, cOff + 1, mLen);
        byte[] mac = secretstreamMac(poly, adLen, mLen);
        System.arraycopy(mac, 0, c, cOff + 1 + mLen, 16);
        secretstreamAdvance(state, sOff, mac, tag);
        return mLen + SECRETSTREAM_ABYTES;
    }

    /** Writes the tag to {@code tagOut[tagOff]}; returns the message length, or -1 when the tag does not verify. */
    public int secretstreamPull(byte[] state, int sOff, byte[] m, int mOff, byte[] tagOut, int tagOff,
            byte[] c, int cOff, int cLen, byte[] ad, int adOff, int adLen) {
        if (cLen < SECRETSTREAM_ABYTES) {
            return -1;
        }
        int mLen = cLen - SECRETSTREAM_ABYTES;
        ChaCha20 chacha = new ChaCha20(state, sOff);
        Poly1305 poly = secretstreamPoly(chacha, state, sOff, ad, adOff, adLen);
        byte[] block = new byte[64];
        block[0] = c[cOff];
        chacha.xor(state, sOff + 32, 1, block, 0, block, 0, 64);
        int tag = block[0] & 0xff;
        block[0] = c[cOff];
        poly.update(block, 0, 64);
        poly.update(c, cOff + 1, mLen);
        byte[] mac = secretstreamMac(poly, adLen, mLen);
        if (!MessageDigest.isEqual(mac, Arrays.copyOfRange(c, cOff + 1 + mLen, cOff + 1 + mLen + 16))) {
            return -1;
        }
        chacha.xor(state, sOff + 32, 2, c, cOff + 1, m, mOff, mLen);
        tagOut[tagOff] = (byte) tag;
        secretstreamAdvance(state, sOff, mac, tag);
        return mLen;
    }

    private static Poly1305 secretstreamPoly(ChaCha20 chacha, byte[] state, int sOff, byte[] ad, int adOff, int adLen) {
        byte[] block = new byte[64];
        chacha.xor(state, sOff + 32, 0, block, 0, block, 0, 64);
        Poly1305 poly = new Poly1305(block, 0);
        if (adLen > 0) {
            poly.update(ad, adOff, adLen);
        }
        poly.update(ZERO16, 0, (0x10 - adLen) & 0xf);
        return poly;
    }

    private static byte[] secretstreamMac(Poly1305 poly, int adLen, int mLen) {
        // libsodium pads with (0x10 - sizeof block + mlen) & 0xf, i.e. mlen & 0xf (sic); the wire format follows it
        poly.update(ZERO16, 0, (0x10 - 64 + mLen) & 0xf);
        byte[] lens = new byte[16];
        putLe64(adLen, lens, 0);
        putLe64(64L + mLen, lens, 8);
        poly.update(lens, 0, 16);
        byte[] mac = new byte[16];
        poly.finish(mac, 0);
        return mac;
    }

    private static void secretstreamAdvance(byte[] state, int sOff, byte[] mac, int tag) {
        for (int i = 0; i < 8; i++) {
            state[sOff + 36 + i] ^= mac[i];
        }
        increment(state, sOff + 32, 4);
        boolean counterZero = state[sOff + 32] == 0 && state[sOff + 33] == 0 && state[sOff + 34] == 0 && state[sOff + 35] == 0;
        if ((tag & TAG_REKEY) != 0 || counterZero) {
            secretstreamRekey(state, sOff);
        }
    }

    public static void secretstreamRekey(byte[] state, int sOff) {
        byte[] buf = new byte[40];
        System.arraycopy(state, sOff, buf, 0, 32);
        System.arraycopy(state, sOff + 36, buf, 32, 8);
        new ChaCha20(state, sOff).xor(state, sOff + 32, 0, buf, 0, buf, 0, 40);
        System.arraycopy(buf, 0, state, sOff, 32);
        System.arraycopy(buf, 32, state, sOff + 36, 8);
        resetCounter(state, sOff);
    }

    private static void putLe64(long v, byte[] b, int off) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    /** sodium_increment: little-endian increment of {@code len} bytes. */
    public static void increment(byte[] b, int off, int len) {
        int carry = 1;
        for (int i = 0; i < len; i++) {
            carry += b[off + i] & 0xff;
            b[off + i] = (byte) carry;
            carry >>>= 8;
        }
    }
}
