package org.p2pstack.ipfs.internal.multiformats;

/** RFC 4648 base32, lower case, no padding (multibase {@code base32}, prefix {@code b}). */
public final class Base32 {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private Base32() {
    }

    public static String encode(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                sb.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }

    /** Decodes lower or upper case; rejects padding, foreign characters and non-zero trailing bits. */
    public static byte[] decode(String s) {
        int rem = s.length() % 8;
        if (rem == 1 || rem == 3 || rem == 6) {
            throw new IllegalArgumentException("invalid base32 length " + s.length());
        }
        byte[] out = new byte[s.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = Character.toLowerCase(s.charAt(i));
            int v = ALPHABET.indexOf(c);
            if (v < 0 || c > 127) {
                throw new IllegalArgumentException("invalid base32 character '" + s.charAt(i) + "'");
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[o++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("non-zero trailing bits in base32");
        }
        return out;
    }
}
