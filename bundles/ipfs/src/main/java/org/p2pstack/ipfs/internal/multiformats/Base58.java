package org.p2pstack.ipfs.internal.multiformats;

import java.math.BigInteger;
import java.util.Arrays;

/** Base58 with the Bitcoin alphabet (multibase {@code base58btc}, prefix {@code z}). */
public final class Base58 {

    /** Longest string accepted by {@link #decode}: bounds the quadratic decoder. */
    public static final int MAX_DECODE_CHARS = 1024;

    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final int[] INDEX = new int[128];

    static {
        Arrays.fill(INDEX, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            INDEX[ALPHABET[i]] = i;
        }
    }

    private Base58() {
    }

    public static String encode(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        // base-256 to base-58 by repeated division of a copy
        byte[] in = Arrays.copyOf(data, data.length);
        char[] out = new char[data.length * 2];
        int outStart = out.length;
        int start = zeros;
        while (start < in.length) {
            int rem = 0;
            for (int i = start; i < in.length; i++) {
                int acc = (rem << 8) | (in[i] & 0xFF);
                in[i] = (byte) (acc / 58);
                rem = acc % 58;
            }
            out[--outStart] = ALPHABET[rem];
            while (start < in.length && in[start] == 0) {
                start++;
            }
        }
        for (int i = 0; i < zeros; i++) {
            out[--outStart] = '1';
        }
        return new String(out, outStart, out.length - outStart);
    }

    public static byte[] decode(String s) {
        if (s.length() > MAX_DECODE_CHARS) {
            throw new IllegalArgumentException("base58 string longer than " + MAX_DECODE_CHARS);
        }
        int zeros = 0;
        while (zeros < s.length() && s.charAt(zeros) == '1') {
            zeros++;
        }
        byte[] b256 = new byte[s.length()];
        int len = 0; // significant bytes, stored little-endian at the end of b256
        for (int i = zeros; i < s.length(); i++) {
            char c = s.charAt(i);
            int digit = c < 128 ? INDEX[c] : -1;
            if (digit < 0) {
                throw new IllegalArgumentException("invalid base58 character '" + c + "'");
            }
            int carry = digit;
            for (int j = 0; j < len; j++) {
                carry += (b256[j] & 0xFF) * 58;
                b256[j] = (byte) carry;
                carry >>>= 8;
            }
            while (carry > 0) {
                b256[len++] = (byte) carry;
                carry >>>= 8;
            }
        }
        byte[] out = new byte[zeros + len];
        for (int j = 0; j < len; j++) {
            out[zeros + j] = b256[len - 1 - j];
        }
        return out;
    }

    /** Reference used by tests: the same transform through BigInteger. */
    static String encodeSlow(byte[] data) {
        StringBuilder sb = new StringBuilder();
        BigInteger n = new BigInteger(1, data);
        BigInteger b58 = BigInteger.valueOf(58);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(b58);
            sb.append(ALPHABET[qr[1].intValue()]);
            n = qr[0];
        }
        for (int i = 0; i < data.length && data[i] == 0; i++) {
            sb.append('1');
        }
        return sb.reverse().toString();
    }
}
