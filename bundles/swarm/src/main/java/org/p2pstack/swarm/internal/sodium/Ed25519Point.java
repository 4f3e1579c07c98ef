package org.p2pstack.swarm.internal.sodium;

import java.math.BigInteger;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Edwards25519 group arithmetic in extended coordinates (X:Y:Z:T, x = X/Z, y = Y/Z, xy = T/Z), enough for
 * libsodium's {@code crypto_scalarmult_ed25519_noclamp}, which BouncyCastle does not expose. The field
 * arithmetic is BouncyCastle's {@link X25519Field} (ten 25.5-bit limbs): the Noise handshake of every
 * Hyperswarm connection does four of these multiplications on each side, and on BigInteger they took most
 * of the connect time. The secret-scalar multiplication uses a fixed 4-bit window and selects table entries
 * without branching on the scalar.
 */
final class Ed25519Point {

    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final int[] D = field(BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P));
    private static final int[] D2 = field(BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P))
            .shiftLeft(1).mod(P));
    /** The order of the prime-order subgroup, little-endian. */
    static final byte[] L = toLe(BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493")));

    private final int[] x = X25519Field.create();
    private final int[] y = X25519Field.create();
    private final int[] z = X25519Field.create();
    private final int[] t = X25519Field.create();

    private Ed25519Point() {
    }

    static Ed25519Point identity() {
        Ed25519Point r = new Ed25519Point();
        X25519Field.one(r.y);
        X25519Field.one(r.z);
        return r;
    }

    /** Decodes a compressed point; null when it is not canonical or not on the curve. */
    static Ed25519Point decode(byte[] b, int off) {
        byte[] le = new byte[32];
        System.arraycopy(b, off, le, 0, 32);
        int sign = (le[31] >>> 7) & 1;
        le[31] &= 0x7f;
        if (fromLe(le).compareTo(P) >= 0) {
            return null;
        }
        Ed25519Point r = new Ed25519Point();
        X25519Field.decode(le, 0, r.y);
        // x^2 = (y^2 - 1) / (d y^2 + 1)
        int[] u = X25519Field.create();
        int[] v = X25519Field.create();
        X25519Field.sqr(r.y, u);
        X25519Field.mul(D, u, v);
        X25519Field.subOne(u);
        X25519Field.addOne(v);
        if (!X25519Field.sqrtRatioVar(u, v, r.x)) {
            return null;
        }
        X25519Field.normalize(r.x);
        if (sign == 1 && X25519Field.isZeroVar(r.x)) {
            return null;
        }
        if ((r.x[0] & 1) != sign) {
            X25519Field.negate(r.x, r.x);
            X25519Field.normalize(r.x);
        }
        X25519Field.one(r.z);
        X25519Field.mul(r.x, r.y, r.t);
        return r;
    }

    byte[] encode() {
        int[] zi = X25519Field.create();
        int[] ax = X25519Field.create();
        int[] ay = X25519Field.create();
        X25519Field.inv(z, zi);
        X25519Field.mul(x, zi, ax);
        X25519Field.mul(y, zi, ay);
        X25519Field.normalize(ax);
        X25519Field.normalize(ay);
        byte[] out = new byte[32];
        X25519Field.encode(ay, out, 0);
        out[31] |= (byte) ((ax[0] & 1) << 7);
        return out;
    }

    boolean isIdentity() {
        int[] ax = copy(x);
        int[] ay = copy(y);
        int[] az = copy(z);
        X25519Field.normalize(ax);
        X25519Field.normalize(ay);
        X25519Field.normalize(az);
        return X25519Field.isZeroVar(ax) && X25519Field.areEqualVar(ay, az);
    }

    /** 8·this (three doublings): the identity exactly when this point has small order. */
    Ed25519Point timesCofactor() {
        Ed25519Point r = copyPoint();
        for (int i = 0; i < 3; i++) {
            r.doubleInPlace();
        }
        return r;
    }

    /**
     * k·this for a little-endian 256-bit scalar: 4-bit windows from the top, each four doublings and one
     * addition of a table entry picked by a branch-free scan of all sixteen.
     */
    Ed25519Point multiply(byte[] k) {
        Ed25519Point[] table = new Ed25519Point[16];
        table[0] = identity();
        for (int i = 1; i < 16; i++) {
            table[i] = table[i - 1].copyPoint();
            table[i].addInPlace(this);
        }
        Ed25519Point r = identity();
        Ed25519Point pick = new Ed25519Point();
        for (int i = 63; i >= 0; i--) {
            if (i != 63) {
                for (int d = 0; d < 4; d++) {
                    r.doubleInPlace();
                }
            }
            int nibble = (k[i >>> 1] >>> ((i & 1) << 2)) & 15;
            for (int j = 0; j < 16; j++) {
                // all ones when j == nibble, without a branch on the secret
                int same = ((j ^ nibble) - 1) >> 31;
                X25519Field.cmov(same, table[j].x, 0, pick.x, 0);
                X25519Field.cmov(same, table[j].y, 0, pick.y, 0);
                X25519Field.cmov(same, table[j].z, 0, pick.z, 0);
                X25519Field.cmov(same, table[j].t, 0, pick.t, 0);
            }
            r.addInPlace(pick);
        }
        return r;
    }

    /** this += q (complete formula for a = -1: also right for doubling and the identity). */
    private void addInPlace(Ed25519Point q) {
        int[] a = X25519Field.create();
        int[] b = X25519Field.create();
        int[] c = X25519Field.create();
        int[] d = X25519Field.create();
        int[] e = X25519Field.create();
        int[] f = X25519Field.create();
        int[] g = X25519Field.create();
        int[] h = X25519Field.create();
        X25519Field.apm(y, x, b, a); // b = Y1+X1, a = Y1-X1
        X25519Field.apm(q.y, q.x, d, c);
        X25519Field.mul(a, c, a);
        X25519Field.mul(b, d, b);
        X25519Field.mul(t, q.t, c);
        X25519Field.mul(c, D2, c);
        X25519Field.mul(z, q.z, d);
        X25519Field.add(d, d, d);
        X25519Field.apm(b, a, h, e); // h = B+A, e = B-A
        X25519Field.apm(d, c, g, f); // g = D+C, f = D-C
        X25519Field.carry(g);
        X25519Field.mul(e, f, x);
        X25519Field.mul(g, h, y);
        X25519Field.mul(f, g, z);
        X25519Field.mul(e, h, t);
    }

    /** this = 2·this (dedicated doubling for a = -1, four squarings). */
    private void doubleInPlace() {
        int[] a = X25519Field.create();
        int[] b = X25519Field.create();
        int[] c = X25519Field.create();
        int[] e = X25519Field.create();
        int[] f = X25519Field.create();
        int[] g = X25519Field.create();
        int[] h = X25519Field.create();
        X25519Field.sqr(x, a);
        X25519Field.sqr(y, b);
        X25519Field.sqr(z, c);
        X25519Field.add(c, c, c);
        X25519Field.apm(a, b, h, g); // h = A+B, g = A-B
        X25519Field.add(x, y, e);
        X25519Field.sqr(e, e);
        X25519Field.sub(h, e, e); // e = A+B-(X+Y)^2
        X25519Field.add(c, g, f);
        X25519Field.carry(f);
        X25519Field.mul(e, f, x);
        X25519Field.mul(g, h, y);
        X25519Field.mul(f, g, z);
        X25519Field.mul(e, h, t);
    }

    private Ed25519Point copyPoint() {
        Ed25519Point r = new Ed25519Point();
        X25519Field.copy(x, 0, r.x, 0);
        X25519Field.copy(y, 0, r.y, 0);
        X25519Field.copy(z, 0, r.z, 0);
        X25519Field.copy(t, 0, r.t, 0);
        return r;
    }

    private static int[] copy(int[] f) {
        int[] r = X25519Field.create();
        X25519Field.copy(f, 0, r, 0);
        return r;
    }

    private static int[] field(BigInteger v) {
        int[] r = X25519Field.create();
        X25519Field.decode(toLe(v), 0, r);
        return r;
    }

    private static BigInteger fromLe(byte[] le) {
        byte[] be = new byte[le.length + 1];
        for (int i = 0; i < le.length; i++) {
            be[le.length - i] = le[i];
        }
        return new BigInteger(be);
    }

    private static byte[] toLe(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }
}
