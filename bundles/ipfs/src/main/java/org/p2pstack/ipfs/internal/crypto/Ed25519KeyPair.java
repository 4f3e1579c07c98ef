package org.p2pstack.ipfs.internal.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.p2pstack.ipfs.internal.multiformats.PeerId;
import org.p2pstack.ipfs.internal.protobuf.ProtoReader;
import org.p2pstack.ipfs.internal.protobuf.ProtoWriter;

/** The node's libp2p identity: an Ed25519 key pair, stored as libp2p's protobuf {@code PrivateKey}. */
public final class Ed25519KeyPair {

    private final byte[] seed;
    private final byte[] publicKey;

    private Ed25519KeyPair(byte[] seed) {
        this.seed = seed;
        this.publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    }

    public static Ed25519KeyPair generate(SecureRandom random) {
        byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
        random.nextBytes(seed);
        return new Ed25519KeyPair(seed);
    }

    public static Ed25519KeyPair fromSeed(byte[] seed) {
        if (seed.length != Ed25519.SECRET_KEY_SIZE) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes");
        }
        return new Ed25519KeyPair(seed.clone());
    }

    /** Loads the key from {@code file}, or creates one there (owner-only permissions) if it does not exist. */
    public static Ed25519KeyPair loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (Files.exists(file)) {
            return decodePrivate(Files.readAllBytes(file));
        }
        Ed25519KeyPair kp = generate(random);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, kp.encodePrivate());
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return kp;
    }

    /** libp2p {@code PrivateKey} protobuf: Data is the 64-byte seed||public key. */
    public byte[] encodePrivate() {
        byte[] data = new byte[64];
        System.arraycopy(seed, 0, data, 0, 32);
        System.arraycopy(publicKey, 0, data, 32, 32);
        return new ProtoWriter().uint64(1, KeyType.ED25519.ordinal()).bytes(2, data).toByteArray();
    }

    public static Ed25519KeyPair decodePrivate(byte[] encoded) {
        ProtoReader r = new ProtoReader(encoded);
        int type = -1;
        byte[] data = null;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> type = r.int32();
                case 2 -> data = r.bytes(128);
                default -> r.skip();
            }
        }
        if (type != KeyType.ED25519.ordinal() || data == null || (data.length != 64 && data.length != 32)) {
            throw new IllegalArgumentException("not an Ed25519 private key");
        }
        byte[] s = new byte[32];
        System.arraycopy(data, 0, s, 0, 32);
        return new Ed25519KeyPair(s);
    }

    public PublicKey publicKey() {
        return PublicKey.of(KeyType.ED25519, publicKey);
    }

    public PeerId peerId() {
        return publicKey().peerId();
    }

    public byte[] sign(byte[] message) {
        byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, sig, 0);
        return sig;
    }
}
