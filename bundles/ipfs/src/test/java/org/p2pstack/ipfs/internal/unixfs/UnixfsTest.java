package org.p2pstack.ipfs.internal.unixfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.p2pstack.ipfs.internal.blockstore.MemoryBlockstore;
import org.p2pstack.ipfs.internal.multiformats.Cid;
import org.p2pstack.ipfs.internal.multiformats.Multihash;

import org.p2pstack.ipfs.internal.dagpb.PbNode;
import org.p2pstack.ipfs.internal.dagpb.PbLink;
import org.p2pstack.ipfs.internal.blockstore.BlockSource;
/** dag-pb and UnixFS codecs, the kubo-profile importer and the range exporter. */
class UnixfsTest {

    private static Cid add(MemoryBlockstore bs, byte[] data, Importer.Profile p) throws IOException {
        return new Importer(bs, p).importFile(new ByteArrayInputStream(data)).cid();
    }

    @Test
    void smallFilesMatchKubo() throws IOException {
        MemoryBlockstore bs = new MemoryBlockstore();
        // values printed by `ipfs add` (and by helia with kubo's settings, see CidInteropTest)
        assertEquals("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", add(bs, new byte[0], Importer.KUBO_V0).toString());
        assertEquals("QmS9JArPwa55ePgDnyg6TzX24mYTS1b1vLqWNebyVotKxQ", add(bs, new byte[1], Importer.KUBO_V0).toString());
        assertEquals("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", add(bs, new byte[0], Importer.KUBO_V1).toString());
        assertEquals("bafkreidogqfzz75tpkmjzjke425xqcrmpcib2p5tg44hnbirumdbpl5adu", add(bs, new byte[1], Importer.KUBO_V1).toString());
    }

    @Test
    void rangesOfDeepTreesReadBack() throws IOException {
        Random rnd = new Random(11);
        // tiny chunks and fan-out give deep trees quickly; the layout code is the same
        for (Importer.Profile p : List.of(new Importer.Profile(0, false, 7, 3), new Importer.Profile(1, true, 5, 2),
                new Importer.Profile(1, true, 64, 174))) {
            for (int size : new int[] {0, 1, 5, 6, 7, 8, 21, 22, 100, 1000, 4097}) {
                byte[] data = new byte[size];
                rnd.nextBytes(data);
                MemoryBlockstore bs = new MemoryBlockstore();
                Cid root = add(bs, data, p);
                assertEquals(size, UnixfsReader.fileSize(bs::get, root));
                assertArrayEquals(data, new UnixfsReader(bs::get, root, 0, Long.MAX_VALUE).readAllBytes());
                for (int i = 0; i < 30; i++) {
                    int off = rnd.nextInt(size + 2);
                    int len = rnd.nextInt(size + 2);
                    byte[] got = new UnixfsReader(bs::get, root, off, len).readAllBytes();
                    int from = Math.min(off, size);
                    int to = Math.min(size, off + len);
                    assertArrayEquals(java.util.Arrays.copyOfRange(data, from, Math.max(from, to)), got,
                            "size " + size + " range " + off + "+" + len);
                }
            }
        }
    }

    @Test
    void readerFetchesOnlyBlocksInRange() throws IOException {
        byte[] data = new byte[10 * Importer.CHUNK_SIZE];
        new Random(12).nextBytes(data);
        MemoryBlockstore bs = new MemoryBlockstore();
        Cid root = add(bs, data, Importer.KUBO_V1);
        int[] fetched = {0};
        BlockSource counting = c -> {
            fetched[0]++;
            return bs.get(c);
        };
        byte[] got = new UnixfsReader(counting, root, 3L * Importer.CHUNK_SIZE + 5, 100).readAllBytes();
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 3 * Importer.CHUNK_SIZE + 5, 3 * Importer.CHUNK_SIZE + 105), got);
        assertEquals(2, fetched[0]); // root + one leaf
    }

    @Test
    void dagPbRoundTripAndStrictness() {
        Cid c = Cid.v0(Multihash.sha256(new byte[] {1}));
        PbNode n = new PbNode(List.of(new PbLink(c, "", 12), new PbLink(c, "name", -1), new PbLink(c, null, 3)), new byte[] {8, 2});
        PbNode back = PbNode.decode(n.encode());
        assertEquals(n.links(), back.links());
        assertArrayEquals(n.data(), back.data());
        // Data before Links is not canonical
        byte[] dataFirst = new org.p2pstack.ipfs.internal.protobuf.ProtoWriter().bytes(1, new byte[] {1})
                .bytes(2, new org.p2pstack.ipfs.internal.protobuf.ProtoWriter().bytes(1, c.bytes()).toByteArray()).toByteArray();
        assertThrows(IllegalArgumentException.class, () -> PbNode.decode(dataFirst));
        UnixfsData d = UnixfsData.file(new byte[] {5}, 1, new long[] {1, 2});
        UnixfsData d2 = UnixfsData.decode(d.encode());
        assertEquals(d.type(), d2.type());
        assertArrayEquals(d.blocksizes(), d2.blocksizes());
    }

    @Test
    void fuzzDagPbAndUnixfs() {
        Random rnd = new Random(13);
        Cid c = Cid.v0(Multihash.sha256(new byte[] {1}));
        byte[] valid = new PbNode(List.of(new PbLink(c, "", 12)), UnixfsData.file(new byte[] {5}, 1, new long[] {1}).encode()).encode();
        for (int i = 0; i < 50_000; i++) {
            byte[] junk;
            if (rnd.nextBoolean()) {
                junk = valid.clone();
                for (int k = 0; k < 1 + rnd.nextInt(3); k++) {
                    junk[rnd.nextInt(junk.length)] = (byte) rnd.nextInt(256);
                }
            } else {
                junk = new byte[rnd.nextInt(60)];
                rnd.nextBytes(junk);
            }
            try {
                PbNode n = PbNode.decode(junk);
                if (n.data() != null) {
                    UnixfsData.decode(n.data());
                }
            } catch (IllegalArgumentException expected) {
                // rejected
            }
        }
    }

    @Test
    void hostileDagIsRejected() throws IOException {
        MemoryBlockstore bs = new MemoryBlockstore();
        Cid leaf = add(bs, new byte[] {1, 2, 3}, Importer.KUBO_V1);
        // blocksizes that do not match the links
        byte[] bad = new PbNode(List.of(new PbLink(leaf, "", 3)), UnixfsData.file(null, 3, new long[] {1, 2}).encode()).encode();
        Cid badCid = Cid.v1(Cid.DAG_PB, Multihash.sha256(bad));
        bs.put(badCid, bad);
        assertThrows(IOException.class, () -> new UnixfsReader(bs::get, badCid, 0, 10).readAllBytes());
        // a leaf whose filesize claims bytes it does not hold
        byte[] liar = new PbNode(List.of(), UnixfsData.file(null, 3, new long[0]).encode()).encode();
        Cid liarCid = Cid.v1(Cid.DAG_PB, Multihash.sha256(liar));
        bs.put(liarCid, liar);
        assertThrows(IOException.class, () -> new UnixfsReader(bs::get, liarCid, 0, 10).readAllBytes());
        // a parent whose blocksizes disagree with what its children hold
        byte[] wrongSize = new PbNode(List.of(new PbLink(leaf, "", 3), new PbLink(leaf, "", 3)),
                UnixfsData.file(null, 7, new long[] {3, 4}).encode()).encode();
        Cid wrongCid = Cid.v1(Cid.DAG_PB, Multihash.sha256(wrongSize));
        bs.put(wrongCid, wrongSize);
        assertThrows(IOException.class, () -> new UnixfsReader(bs::get, wrongCid, 0, 10).readAllBytes());
        // depth is bounded: a chain deeper than MAX_DEPTH is refused
        Cid chain = leaf;
        for (int i = 0; i <= UnixfsReader.MAX_DEPTH; i++) {
            byte[] n = new PbNode(List.of(new PbLink(chain, "", 3)), UnixfsData.file(null, 3, new long[] {3}).encode()).encode();
            chain = Cid.v1(Cid.DAG_PB, Multihash.sha256(n));
            bs.put(chain, n);
        }
        Cid deep = chain;
        assertThrows(IOException.class, () -> new UnixfsReader(bs::get, deep, 0, 10).readAllBytes());
    }
}
