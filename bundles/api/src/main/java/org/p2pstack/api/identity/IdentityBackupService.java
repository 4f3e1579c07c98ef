package org.p2pstack.api.identity;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Backs up the node's identity into one file, encrypted under a passphrase the owner chooses, and restores it: the
 * keys (I2P destination, swarm key, IPFS key), the profile with its picture, the people followed and following,
 * chat rooms and the signed record's sequence. The shared folder is the owner's own files and never in it.
 */
@ProviderType
public interface IdentityBackupService {

    /** Shortest passphrase accepted, in characters. */
    int MIN_PASSPHRASE = 10;

    /** The backup file's bytes. */
    byte[] backup(char[] passphrase) throws IdentityBackupException;

    /**
     * Restores a backup. Nothing changes unless the whole file decrypts and checks out. When this node's identity is
     * in use (its owner chose a nickname), {@code replace} must be true. What the node had is kept aside, never deleted.
     */
    Restored restore(byte[] backup, char[] passphrase, boolean replace) throws IdentityBackupException;

    /** What a restore did. */
    record Restored(String b32, String nickname, Path keptAside) {
    }
}
