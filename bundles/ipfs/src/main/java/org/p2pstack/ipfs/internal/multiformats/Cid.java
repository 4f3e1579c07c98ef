package org.p2pstack.ipfs.internal.multiformats;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A content identifier (ipfs/specs, multiformats/cid). CIDv0 is a bare sha2-256 multihash of a dag-pb
 * block, written in base58btc ({@code Qm...}); CIDv1 is {@code varint(1) varint(codec) multihash},
 * written in multibase (base32 {@code b...} by default). Immutable.
 */
public final class Cid {

    public static final int DAG_PB = 0x70;
    public static final int RAW = 0x55;
    public static final int DAG_CBOR = 0x71;
    public static final int LIBP2P_KEY = 0x72;
    /** Longest CID string accepted by {@link #parse}. */
    public static final int MAX_STRING_LENGTH = 512;
    /** Longest binary CID accepted by {@link #decode}. */
    public static final int MAX_BYTES = 256;

    private final int version;
    private final int codec;
    private final Multihash multihash;
    private final byte[] bytes;

    private Cid(int version, int codec, Multihash multihash) {
        this.version = version;
        this.codec = codec;
        this.multihash = multihash;
        if (version == 0) {
            this.bytes = multihash.bytes();
        } else {
            byte[] mh = multihash.bytes();
            byte[] b = new byte[1 + Varint.size(codec) + mh.length];
            int o = Varint.write(1, b, 0);
            o = Varint.write(codec, b, o);
            System.arraycopy(mh, 0, b, o, mh.length);
            this.bytes = b;
        }
    }

    public static Cid v0(Multihash mh) {
        if (mh.code() != Multihash.SHA2_256) {
            throw new IllegalArgumentException("CIDv0 must use sha2-256");
        }
        return new Cid(0, DAG_PB, mh);
    }

    public static Cid v1(int codec, Multihash mh) {
        return new Cid(1, codec, mh);
    }

    /** Parses the string forms: CIDv0 base58 ({@code Qm...}) or CIDv1 multibase (base32 {@code b}, base58btc {@code z}, base16 {@code f}). */
    public static Cid parse(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_STRING_LENGTH) {
            throw new IllegalArgumentException("not a CID: empty or longer than " + MAX_STRING_LENGTH);
        }
        if (s.length() == 46 && s.startsWith("Qm")) {
            return decode(Base58.decode(s));
        }
        byte[] raw = switch (s.charAt(0)) {
            case 'b', 'B' -> Base32.decode(s.substring(1));
            case 'z' -> Base58.decode(s.substring(1));
            case 'f', 'F' -> hex(s.substring(1));
            default -> throw new IllegalArgumentException("unsupported multibase prefix '" + s.charAt(0) + "'");
        };
        Cid cid = decode(raw);
        if (cid.version == 0) {
            throw new IllegalArgumentException("CIDv0 must not carry a multibase prefix");
        }
        return cid;
    }

    /** Decodes exactly one binary CID. */
    public static Cid decode(byte[] raw) {
        if (raw.length > MAX_BYTES) {
            throw new IllegalArgumentException("CID longer than " + MAX_BYTES + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(raw);
        Cid cid = read(in);
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes after CID");
        }
        return cid;
    }

    /** Reads one binary CID from {@code in}, advancing it. */
    public static Cid read(ByteBuffer in) {
        if (in.remaining() >= 2 && in.get(in.position()) == 0x12 && in.get(in.position() + 1) == 0x20) {
            return v0(Multihash.read(in));
        }
        long version = Varint.read(in);
        if (version != 1) {
            throw new IllegalArgumentException("unsupported CID version " + version);
        }
        long codec = Varint.read(in);
        if (codec > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("codec out of range");
        }
        return new Cid(1, (int) codec, Multihash.read(in));
    }

    private static byte[] hex(String s) {
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("odd base16 length");
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("invalid base16 character");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    public int version() {
        return version;
    }

    public int codec() {
        return codec;
    }

    public Multihash multihash() {
        return multihash;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The same content named as CIDv1 (for v1 this object itself). */
    public Cid toV1() {
        return version == 1 ? this : new Cid(1, codec, multihash);
    }

    /** True if {@code block} hashes to this CID. */
    public boolean verifies(byte[] block) {
        return multihash.matches(block);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid c && Arrays.equals(bytes, c.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** CIDv0 in base58btc, CIDv1 in base32 with the {@code b} prefix. */
    @Override
    public String toString() {
        return version == 0 ? Base58.encode(bytes) : "b" + Base32.encode(bytes);
    }
}
