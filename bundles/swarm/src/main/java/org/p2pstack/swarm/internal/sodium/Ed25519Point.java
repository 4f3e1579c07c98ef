package org.p2pstack.swarm.internal.sodium;

import java.math.BigInteger;

/**
 * Edwards25519 group arithmetic in extended coordinates, enough for libsodium's
 * {@code crypto_scalarmult_ed25519_noclamp} (which BouncyCastle does not expose). Not constant-time:
 * it is used for the Noise DH with ephemeral and static keys of this node, like sodium-javascript.
 */
final class Ed25519Point {

    static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    /** Order of the prime-order subgroup. */
    static final BigInteger L = BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final BigInteger SQRT_M1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
    static final Ed25519Point IDENTITY = new Ed25519Point(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO);

    final BigInteger x;
    final BigInteger y;
    final BigInteger z;
    final BigInteger t;

    private Ed25519Point(BigInteger x, BigInteger y, BigInteger z, BigInteger t) {
        this.x = x;
        this.y = y;
        this.z = z;
        this.t = t;
    }

    /** Decodes a compressed point; null when it is not on the curve or not canonical. */
    static Ed25519Point decode(byte[] b, int off) {
        byte[] le = new byte[32];
        System.arraycopy(b, off, le, 0, 32);
        int sign = (le[31] >>> 7) & 1;
        le[31] &= 0x7f;
        BigInteger y = fromLe(le);
        if (y.compareTo(P) >= 0) {
            return null;
        }
        BigInteger y2 = y.multiply(y).mod(P);
        BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(y2).add(BigInteger.ONE).mod(P);
        BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
        BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (!x.multiply(x).subtract(x2).mod(P).equals(BigInteger.ZERO)) {
            x = x.multiply(SQRT_M1).mod(P);
        }
        if (!x.multiply(x).subtract(x2).mod(P).equals(BigInteger.ZERO)) {
            return null;
        }
        if (x.equals(BigInteger.ZERO) && sign == 1) {
            return null;
        }
        if (x.testBit(0) != (sign == 1)) {
            x = P.subtract(x);
        }
        return new Ed25519Point(x, y, BigInteger.ONE, x.multiply(y).mod(P));
    }

    byte[] encode() {
        BigInteger zi = z.modInverse(P);
        BigInteger ax = x.multiply(zi).mod(P);
        BigInteger ay = y.multiply(zi).mod(P);
        byte[] out = toLe(ay);
        if (ax.testBit(0)) {
            out[31] |= (byte) 0x80;
        }
        return out;
    }

    Ed25519Point add(Ed25519Point q) {
        BigInteger a = y.subtract(x).multiply(q.y.subtract(q.x)).mod(P);
        BigInteger b = y.add(x).multiply(q.y.add(q.x)).mod(P);
        BigInteger c = t.multiply(BigInteger.TWO).multiply(D).multiply(q.t).mod(P);
        BigInteger d = z.multiply(BigInteger.TWO).multiply(q.z).mod(P);
        BigInteger e = b.subtract(a);
        BigInteger f = d.subtract(c);
        BigInteger g = d.add(c);
        BigInteger h = b.add(a);
        return new Ed25519Point(e.multiply(f).mod(P), g.multiply(h).mod(P), f.multiply(g).mod(P), e.multiply(h).mod(P));
    }

    Ed25519Point multiply(BigInteger k) {
        Ed25519Point r = IDENTITY;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            r = r.add(r);
            if (k.testBit(i)) {
                r = r.add(this);
            }
        }
        return r;
    }

    boolean isIdentity() {
        return x.mod(P).equals(BigInteger.ZERO) && y.subtract(z).mod(P).equals(BigInteger.ZERO);
    }

    static BigInteger fromLe(byte[] le) {
        byte[] be = new byte[le.length + 1];
        for (int i = 0; i < le.length; i++) {
            be[le.length - i] = le[i];
        }
        return new BigInteger(be);
    }

    static byte[] toLe(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }
}
