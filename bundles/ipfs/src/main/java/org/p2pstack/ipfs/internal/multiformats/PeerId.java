package org.p2pstack.ipfs.internal.multiformats;

/**
 * A libp2p peer ID (libp2p/specs peer-ids): the multihash of the protobuf-encoded public key, identity
 * when that encoding is at most {@link #MAX_INLINE_KEY_LENGTH} bytes (Ed25519, secp256k1), sha2-256 otherwise
 * (RSA, ECDSA). Text form: base58btc of the multihash ({@code 12D3Koo...}, {@code Qm...}), or a CIDv1 with
 * the {@code libp2p-key} codec.
 */
public final class PeerId {

    public static final int MAX_INLINE_KEY_LENGTH = 42;

    private final Multihash multihash;

    private PeerId(Multihash multihash) {
        if (multihash.code() != Multihash.SHA2_256 && multihash.code() != Multihash.IDENTITY) {
            throw new IllegalArgumentException("peer ID must be a sha2-256 or identity multihash");
        }
        this.multihash = multihash;
    }

    public static PeerId fromMultihash(Multihash mh) {
        return new PeerId(mh);
    }

    /** The peer ID of a protobuf-encoded {@code PublicKey}. */
    public static PeerId fromPublicKey(byte[] encodedPublicKey) {
        return new PeerId(encodedPublicKey.length <= MAX_INLINE_KEY_LENGTH
                ? Multihash.identity(encodedPublicKey) : Multihash.sha256(encodedPublicKey));
    }

    public static PeerId decode(byte[] raw) {
        return new PeerId(Multihash.decode(raw));
    }

    public static PeerId parse(String s) {
        if (s.startsWith("Qm") || s.startsWith("1")) {
            return new PeerId(Multihash.decode(Base58.decode(s)));
        }
        Cid cid = Cid.parse(s);
        if (cid.version() != 1 || cid.codec() != Cid.LIBP2P_KEY) {
            throw new IllegalArgumentException("CID is not a libp2p-key: " + s);
        }
        return new PeerId(cid.multihash());
    }

    public Multihash multihash() {
        return multihash;
    }

    public byte[] bytes() {
        return multihash.bytes();
    }

    /** The protobuf-encoded public key if it is inlined (identity multihash). */
    public byte[] inlinePublicKey() {
        return multihash.code() == Multihash.IDENTITY ? multihash.digest() : null;
    }

    /** True if {@code encodedPublicKey} is this peer's key. */
    public boolean matches(byte[] encodedPublicKey) {
        return equals(fromPublicKey(encodedPublicKey));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId p && multihash.equals(p.multihash);
    }

    @Override
    public int hashCode() {
        return multihash.hashCode();
    }

    @Override
    public String toString() {
        return multihash.toBase58();
    }
}
