package org.p2pstack.i2p.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import net.i2p.I2PException;
import net.i2p.client.I2PClientFactory;
import net.i2p.crypto.SigType;
import net.i2p.data.Destination;
import net.i2p.data.PrivateKeyFile;
import net.i2p.data.SigningPrivateKey;

/**
 * The node's persistent destination: created once, at first start, with Ed25519 signatures, and kept in a
 * private-key file (I2P's {@code PrivateKeyFile} layout: destination, encryption key, signing key) that only
 * the owner may read or write.
 */
public final class DestinationStore {

    /** The signature type of new destinations. */
    public static final SigType SIG_TYPE = SigType.EdDSA_SHA512_Ed25519;
    /** Largest key file accepted when loading. */
    static final int MAX_KEY_FILE = 4096;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    public DestinationStore(Path file) {
        this.file = file;
    }

    /** The key file's bytes, creating the destination first when the file does not exist. */
    public synchronized byte[] loadOrCreate() throws IOException {
        if (Files.exists(file)) {
            restrictPermissions(file);
            long size = Files.size(file);
            if (size > MAX_KEY_FILE) {
                throw new IOException("destination key file is too large: " + file);
            }
            byte[] keys = Files.readAllBytes(file);
            destinationOf(keys); // validates
            return keys;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            I2PClientFactory.createClient().createDestination(out, SIG_TYPE);
        } catch (I2PException e) {
            throw new IOException("could not create an I2P destination", e);
        }
        byte[] keys = out.toByteArray();
        writePrivate(file, keys);
        return keys;
    }

    /** The public destination at the start of a key file. */
    public static Destination destinationOf(byte[] keys) throws IOException {
        try {
            return Destination.create(new ByteArrayInputStream(keys));
        } catch (net.i2p.data.DataFormatException e) {
            throw new IOException("malformed destination key file", e);
        }
    }

    /** The signing private key in a key file (after the destination and the encryption key). */
    static SigningPrivateKey signingKeyOf(byte[] keys) throws IOException {
        try {
            return new PrivateKeyFile(new ByteArrayInputStream(keys)).getSigningPrivKey();
        } catch (net.i2p.client.I2PSessionException | RuntimeException e) {
            throw new IOException("malformed destination key file", e);
        }
    }

    /** Writes through a temporary file that is owner-only from its creation, then renames it. */
    static void writePrivate(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (posix()) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(tmp);
            restrictPermissions(tmp);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                OutputStream os = java.nio.channels.Channels.newOutputStream(ch)) {
            os.write(bytes);
            os.flush();
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static void restrictPermissions(Path p) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(p, OWNER_ONLY);
        } else {
            java.io.File f = p.toFile();
            f.setReadable(false, false);
            f.setWritable(false, false);
            f.setReadable(true, true);
            f.setWritable(true, true);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    public Path file() {
        return file;
    }
}
