package org.p2pstack.ipfs.internal.blockstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.ipfs.internal.multiformats.Cid;
import org.p2pstack.ipfs.internal.multiformats.Multihash;
import org.p2pstack.ipfs.internal.unixfs.Importer;

class BlockstoreTest {

    @TempDir
    Path dir;

    @Test
    void verifiesOnWriteAndRead() throws IOException {
        FileBlockstore bs = new FileBlockstore(dir);
        byte[] block = {1, 2, 3};
        Cid cid = Cid.v1(Cid.RAW, Multihash.sha256(block));
        assertThrows(IllegalArgumentException.class, () -> bs.put(cid, new byte[] {9}));
        bs.put(cid, block);
        assertTrue(bs.has(cid));
        assertTrue(bs.has(Cid.v1(Cid.DAG_PB, cid.multihash()))); // keyed by multihash
        assertArrayEquals(block, bs.get(cid));
        // corrupt the file on disk: the read notices, removes it and reports it missing
        List<Path> files = new ArrayList<>();
        try (var s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(files::add);
        }
        assertEquals(1, files.size());
        Files.write(files.get(0), new byte[] {7, 7, 7});
        assertNull(bs.get(cid));
        assertFalse(bs.has(cid));
        assertEquals(1, bs.corruptBlocks());
    }

    @Test
    void pinsSurviveRestartAndGcKeepsOnlyPinned() throws IOException {
        FileBlockstore bs = new FileBlockstore(dir);
        Random rnd = new Random(3);
        byte[] a = new byte[3 * Importer.CHUNK_SIZE + 10];
        byte[] b = new byte[2 * Importer.CHUNK_SIZE];
        rnd.nextBytes(a);
        rnd.nextBytes(b);
        Cid ca = new Importer(bs, Importer.KUBO_V0).importFile(new ByteArrayInputStream(a)).cid();
        Cid cb = new Importer(bs, Importer.KUBO_V1).importFile(new ByteArrayInputStream(b)).cid();
        Pins pins = new Pins(dir);
        pins.add(ca);
        Pins reloaded = new Pins(dir);
        assertEquals(java.util.Set.of(ca), reloaded.all());
        long removed = Dags.collectGarbage(bs, reloaded.all());
        assertEquals(3, removed); // b: root + 2 raw leaves
        assertFalse(bs.has(cb));
        assertTrue(bs.has(ca));
        assertArrayEquals(a, new org.p2pstack.ipfs.internal.unixfs.UnixfsReader(bs::get, ca, 0, Long.MAX_VALUE).readAllBytes());
        reloaded.remove(ca);
        assertEquals(5, Dags.collectGarbage(bs, new Pins(dir).all()));
    }
}
