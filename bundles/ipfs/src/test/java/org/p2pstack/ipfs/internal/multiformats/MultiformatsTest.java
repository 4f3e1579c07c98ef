package org.p2pstack.ipfs.internal.multiformats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Varints, base58/base32, multihash, CID, multiaddr, peer IDs: round trips, known vectors, fuzzed input. */
class MultiformatsTest {

    private static final int FUZZ_ROUNDS = 20_000;

    /** A parser of peer input may only answer or throw IllegalArgumentException. */
    private static void onlyIae(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException expected) {
            // rejected cleanly
        }
    }

    @Test
    void varintRoundTripsAndBounds() {
        Random rnd = new Random(1);
        for (int i = 0; i < FUZZ_ROUNDS; i++) {
            long v = rnd.nextLong() >>> (1 + rnd.nextInt(63));
            byte[] enc = Varint.encode(v);
            assertEquals(Varint.size(v), enc.length);
            assertTrue(enc.length <= Varint.MAX_BYTES);
            assertEquals(v, Varint.read(ByteBuffer.wrap(enc)));
        }
        assertArrayEquals(new byte[] {(byte) 0xAC, 0x02}, Varint.encode(300));
        assertThrows(IllegalArgumentException.class, () -> Varint.read(ByteBuffer.wrap(new byte[] {(byte) 0x80, 0x00})));
        assertThrows(IllegalArgumentException.class, () -> Varint.read(ByteBuffer.wrap(new byte[] {(byte) 0x80})));
        byte[] ten = new byte[10];
        java.util.Arrays.fill(ten, (byte) 0xFF);
        assertThrows(IllegalArgumentException.class, () -> Varint.read(ByteBuffer.wrap(ten)));
        assertThrows(IllegalArgumentException.class, () -> Varint.encode(-1));
    }

    @Test
    void base58MatchesBigIntegerReference() {
        Random rnd = new Random(2);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[rnd.nextInt(50)];
            rnd.nextBytes(b);
            if (rnd.nextBoolean() && b.length > 2) {
                b[0] = 0;
                b[1] = 0;
            }
            String s = Base58.encode(b);
            assertEquals(Base58.encodeSlow(b), s);
            assertArrayEquals(b, Base58.decode(s));
        }
        assertEquals("StV1DL6CwTryKyV", Base58.encode("hello world".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> Base58.decode("0OIl"));
        assertThrows(IllegalArgumentException.class, () -> Base58.decode("1".repeat(Base58.MAX_DECODE_CHARS + 1)));
    }

    @Test
    void base32Rfc4648Vectors() {
        String[][] v = {{"", ""}, {"f", "my"}, {"fo", "mzxq"}, {"foo", "mzxw6"}, {"foob", "mzxw6yq"},
            {"fooba", "mzxw6ytb"}, {"foobar", "mzxw6ytboi"}};
        for (String[] p : v) {
            assertEquals(p[1], Base32.encode(p[0].getBytes(StandardCharsets.US_ASCII)));
            assertEquals(p[0], new String(Base32.decode(p[1]), StandardCharsets.US_ASCII));
        }
        Random rnd = new Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[rnd.nextInt(70)];
            rnd.nextBytes(b);
            assertArrayEquals(b, Base32.decode(Base32.encode(b)));
        }
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("mzxw6ytboj")); // non-zero trailing bits
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("m1"));
    }

    @Test
    void cidKnownValuesAndConversions() {
        // the empty file as kubo imports it, CIDv0 and its CIDv1 form
        Cid v0 = Cid.parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
        assertEquals(0, v0.version());
        assertEquals(Cid.DAG_PB, v0.codec());
        assertEquals("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", v0.toString());
        Cid v1 = v0.toV1();
        assertTrue(v1.toString().startsWith("bafybei"));
        assertEquals(v1, Cid.parse(v1.toString()));
        assertEquals(v1, Cid.parse("z" + Base58.encode(v1.bytes())));
        assertEquals(v1, Cid.parse(v1.toString().toUpperCase(java.util.Locale.ROOT)));
        // raw empty block
        Cid raw = Cid.v1(Cid.RAW, Multihash.sha256(new byte[0]));
        assertEquals("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", raw.toString());
        assertTrue(raw.verifies(new byte[0]));
        assertTrue(!raw.verifies(new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> Cid.parse("zQmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH"));
        assertThrows(IllegalArgumentException.class, () -> Cid.parse("x123"));
        assertThrows(IllegalArgumentException.class, () -> Cid.decode(new byte[] {2, 0x55, 0x12, 0x20}));
    }

    @Test
    void cidRoundTripsAndFuzz() {
        Random rnd = new Random(4);
        for (int i = 0; i < 2000; i++) {
            byte[] data = new byte[rnd.nextInt(100)];
            rnd.nextBytes(data);
            Cid c = rnd.nextBoolean() ? Cid.v0(Multihash.sha256(data)) : Cid.v1(rnd.nextInt(1 << 20), Multihash.sha256(data));
            assertEquals(c, Cid.parse(c.toString()));
            assertEquals(c, Cid.decode(c.bytes()));
        }
        for (int i = 0; i < FUZZ_ROUNDS; i++) {
            byte[] junk = new byte[rnd.nextInt(80)];
            rnd.nextBytes(junk);
            if (rnd.nextBoolean() && junk.length > 3) {
                junk[0] = 1;
                junk[1] = 0x55;
                junk[2] = 0x12;
            }
            onlyIae(() -> Cid.decode(junk));
            onlyIae(() -> Cid.parse("b" + Base32.encode(junk)));
            onlyIae(() -> Cid.parse(new String(junk, StandardCharsets.ISO_8859_1)));
            onlyIae(() -> Multihash.decode(junk));
        }
    }

    @Test
    void multiaddrTextAndBinary() {
        String peer = "12D3KooWHhmq7u9ohxyu5d2QZNXNguvC8h2urgCfE3af8K9H9t2N";
        for (String s : new String[] {"/ip4/127.0.0.1/tcp/4001", "/ip4/127.0.0.1/tcp/4001/p2p/" + peer,
            "/ip6/::1/tcp/4001", "/dns4/bootstrap.example/tcp/443/wss/p2p/" + peer, "/ip4/1.2.3.4/udp/4001/quic-v1",
            "/ip4/1.2.3.4/tcp/1/p2p/QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH"}) {
            Multiaddr m = Multiaddr.parse(s);
            assertEquals(s, m.toString());
            assertEquals(m, Multiaddr.decode(m.bytes()));
        }
        Multiaddr m = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + peer);
        assertEquals(peer, m.peerId().orElseThrow().toString());
        assertEquals(4001, m.tcpAddress().orElseThrow().getPort());
        assertEquals("/ip4/127.0.0.1/tcp/4001", m.withoutPeer().toString());
        assertEquals("/ip4/127.0.0.1/tcp/4001/p2p/" + peer, Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/ipfs/" + peer).toString());
        assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/ip4/300.0.0.1/tcp/1"));
        assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/ip4/127.0.0.1/tcp/65536"));
        assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/foo/1"));
        assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/ip4/127.0.0.1/tcp" + "/tcp/1".repeat(40)));
        Random rnd = new Random(5);
        for (int i = 0; i < FUZZ_ROUNDS; i++) {
            byte[] junk = new byte[rnd.nextInt(60)];
            rnd.nextBytes(junk);
            if (junk.length > 0 && rnd.nextBoolean()) {
                junk[0] = (byte) new int[] {4, 6, 41, 53}[rnd.nextInt(4)];
            }
            onlyIae(() -> Multiaddr.decode(junk));
        }
    }

    @Test
    void peerIdForms() {
        String s = "12D3KooWHhmq7u9ohxyu5d2QZNXNguvC8h2urgCfE3af8K9H9t2N";
        PeerId p = PeerId.parse(s);
        assertEquals(s, p.toString());
        assertEquals(Multihash.IDENTITY, p.multihash().code());
        Cid asCid = Cid.v1(Cid.LIBP2P_KEY, p.multihash());
        assertEquals(p, PeerId.parse(asCid.toString()));
        assertThrows(IllegalArgumentException.class, () -> PeerId.parse(Cid.v1(Cid.RAW, p.multihash()).toString()));
        byte[] big = new byte[300];
        assertEquals(Multihash.SHA2_256, PeerId.fromPublicKey(big).multihash().code());
    }
}
