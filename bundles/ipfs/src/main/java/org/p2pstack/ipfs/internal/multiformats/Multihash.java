package org.p2pstack.ipfs.internal.multiformats;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** A multihash: {@code varint(code) varint(length) digest} (multiformats/multihash). Immutable. */
public final class Multihash {

    public static final int IDENTITY = 0x00;
    public static final int SHA2_256 = 0x12;
    /** Longest digest accepted, as kubo bounds identity hashes; sha2-256 must be exactly 32. */
    public static final int MAX_DIGEST_LENGTH = 128;

    private final int code;
    private final byte[] digest;
    private final byte[] bytes;

    private Multihash(int code, byte[] digest) {
        this.code = code;
        this.digest = digest;
        byte[] b = new byte[Varint.size(code) + Varint.size(digest.length) + digest.length];
        int o = Varint.write(code, b, 0);
        o = Varint.write(digest.length, b, o);
        System.arraycopy(digest, 0, b, o, digest.length);
        this.bytes = b;
    }

    public static Multihash of(int code, byte[] digest) {
        check(code, digest.length);
        return new Multihash(code, digest.clone());
    }

    public static Multihash sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    public static Multihash sha256(byte[] data, int off, int len) {
        MessageDigest md = sha256Digest();
        md.update(data, off, len);
        return new Multihash(SHA2_256, md.digest());
    }

    public static Multihash identity(byte[] data) {
        check(IDENTITY, data.length);
        return new Multihash(IDENTITY, data.clone());
    }

    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one multihash from {@code in}, advancing it. */
    public static Multihash read(ByteBuffer in) {
        long code = Varint.read(in);
        long len = Varint.read(in);
        if (code > Integer.MAX_VALUE || len > MAX_DIGEST_LENGTH) {
            throw new IllegalArgumentException("multihash code " + code + " / length " + len + " out of bounds");
        }
        check((int) code, (int) len);
        if (in.remaining() < len) {
            throw new IllegalArgumentException("truncated multihash digest");
        }
        byte[] d = new byte[(int) len];
        in.get(d);
        return new Multihash((int) code, d);
    }

    /** Parses exactly one multihash; trailing bytes are an error. */
    public static Multihash decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        Multihash mh = read(in);
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes after multihash");
        }
        return mh;
    }

    private static void check(int code, int len) {
        if (len > MAX_DIGEST_LENGTH) {
            throw new IllegalArgumentException("multihash digest longer than " + MAX_DIGEST_LENGTH);
        }
        if (code == SHA2_256 && len != 32) {
            throw new IllegalArgumentException("sha2-256 digest must be 32 bytes, not " + len);
        }
    }

    public int code() {
        return code;
    }

    public byte[] digest() {
        return digest.clone();
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** True if {@code data} hashes to this multihash (identity: equals the digest). */
    public boolean matches(byte[] data) {
        return switch (code) {
            case SHA2_256 -> MessageDigest.isEqual(sha256Digest().digest(data), digest);
            case IDENTITY -> Arrays.equals(data, digest);
            default -> false;
        };
    }

    public boolean isSupported() {
        return code == SHA2_256 || code == IDENTITY;
    }

    public String toBase58() {
        return Base58.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multihash m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toBase58();
    }
}
