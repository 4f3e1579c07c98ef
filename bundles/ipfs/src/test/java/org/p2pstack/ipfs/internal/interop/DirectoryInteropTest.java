package org.p2pstack.ipfs.internal.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.ipfs.internal.blockstore.MemoryBlockstore;
import org.p2pstack.ipfs.internal.unixfs.DirectoryImporter;
import org.p2pstack.ipfs.internal.unixfs.Importer;

/** A directory tree imported like {@code ipfs add -r} has the same root CID as helia's import, v0 and v1. */
class DirectoryInteropTest {

    @TempDir
    Path dir;

    @Test
    void directoryCidsMatchHelia() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("sub/deeper"));
        Files.createDirectories(root.resolve("empty"));
        Files.writeString(root.resolve("a.txt"), "hello\n");
        Files.writeString(root.resolve("B"), "y\n");
        Files.writeString(root.resolve("Ünïcode name"), "x\n");
        Files.writeString(root.resolve(".hidden"), "skipped by both\n");
        byte[] big = new byte[600_000];
        new Random(9).nextBytes(big);
        Files.write(root.resolve("sub/big.bin"), big);
        Files.write(root.resolve("sub/deeper/zero"), new byte[0]);
        for (String profile : List.of("v0", "v1")) {
            String helia = NodeJs.run(Duration.ofMinutes(2), "dircid.mjs", profile, root.toString()).get(0);
            String ours = new DirectoryImporter(new MemoryBlockstore(), profile.equals("v0") ? Importer.KUBO_V0 : Importer.KUBO_V1)
                    .importPath(root).cid().toString();
            assertEquals(helia, ours, profile);
        }
    }
}
