package org.p2pstack.i2p.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import net.i2p.crypto.SigType;
import net.i2p.data.Destination;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DestinationStoreTest {

    @TempDir
    Path dir;

    @Test
    void createdOnceWithEd25519AndOwnerOnly() throws Exception {
        Path f = dir.resolve("sub").resolve("destination.keys");
        byte[] first = new DestinationStore(f).loadOrCreate();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Destination d = DestinationStore.destinationOf(first);
        assertEquals(SigType.EdDSA_SHA512_Ed25519, d.getSigningPublicKey().getType());
        byte[] again = new DestinationStore(f).loadOrCreate();
        assertArrayEquals(first, again, "same destination after restart");

        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        new DestinationStore(f).loadOrCreate();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), "tightened");
    }

    @Test
    void corruptFilesAreNotReplaced() throws Exception {
        Path f = dir.resolve("destination.keys");
        Files.write(f, new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> new DestinationStore(f).loadOrCreate());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f), "the user's identity is never overwritten");
    }
}
