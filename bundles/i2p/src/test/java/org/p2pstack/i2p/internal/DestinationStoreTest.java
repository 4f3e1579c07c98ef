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
    void theStoredKeySignsForTheDestination() throws Exception {
        byte[] keys = new DestinationStore(dir.resolve("destination.keys")).loadOrCreate();
        Destination d = DestinationStore.destinationOf(keys);
        byte[] data = "p2pstack-profile-v1\n{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        net.i2p.data.Signature signature = net.i2p.crypto.DSAEngine.getInstance().sign(data, DestinationStore.signingKeyOf(keys));
        assertEquals(64, signature.getData().length);
        assertEquals(true, net.i2p.crypto.DSAEngine.getInstance().verifySignature(signature, data, d.getSigningPublicKey()));
        data[data.length - 1] = ']';
        assertEquals(false, net.i2p.crypto.DSAEngine.getInstance().verifySignature(signature, data, d.getSigningPublicKey()));
    }

    @Test
    void followLinksOnlyNameB32Addresses() {
        String b32 = "a".repeat(52);
        assertEquals(b32 + ".b32.i2p", HttpProxy.followAddress("/follow?address=" + b32 + ".b32.i2p"));
        assertEquals(b32 + ".b32.i2p", HttpProxy.followAddress("/follow?address=" + b32.toUpperCase()));
        for (String bad : new String[] { "/follow?address=", "/follow?address=alice.i2p", "/follow?address=" + b32 + "x.b32.i2p",
                "/follow", "/other?address=" + b32, "/follow?address=" + b32 + ".b32.i2p%22%3E%3Cscript%3E" }) {
            assertEquals(null, HttpProxy.followAddress(bad), bad);
        }
    }

    @Test
    void corruptFilesAreNotReplaced() throws Exception {
        Path f = dir.resolve("destination.keys");
        Files.write(f, new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> new DestinationStore(f).loadOrCreate());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f), "the user's identity is never overwritten");
    }
}
