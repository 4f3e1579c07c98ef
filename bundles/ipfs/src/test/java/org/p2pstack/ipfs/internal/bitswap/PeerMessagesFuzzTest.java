package org.p2pstack.ipfs.internal.bitswap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.p2pstack.ipfs.internal.crypto.Ed25519KeyPair;
import org.p2pstack.ipfs.internal.kad.KadMessage;
import org.p2pstack.ipfs.internal.multiformats.Cid;
import org.p2pstack.ipfs.internal.multiformats.Multiaddr;
import org.p2pstack.ipfs.internal.multiformats.Multihash;
import org.p2pstack.ipfs.internal.multiformats.PeerId;
import org.p2pstack.ipfs.internal.net.Identify;
import org.p2pstack.ipfs.internal.protobuf.ProtoWriter;

/** Round trips, bounds and mutation fuzzing of the messages peers send: Bitswap, Kademlia, identify. */
class PeerMessagesFuzzTest {

    private static final int ROUNDS = 30_000;

    /** Mutates {@code valid} (or makes junk) and feeds it to {@code parser}, which may only throw IllegalArgumentException. */
    private static void fuzz(byte[] valid, Consumer<byte[]> parser, long seed) {
        Random rnd = new Random(seed);
        for (int i = 0; i < ROUNDS; i++) {
            byte[] b;
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    b = valid.clone();
                    for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                    }
                }
                case 1 -> b = java.util.Arrays.copyOf(valid, rnd.nextInt(valid.length + 1));
                default -> {
                    b = new byte[rnd.nextInt(80)];
                    rnd.nextBytes(b);
                }
            }
            try {
                parser.accept(b);
            } catch (IllegalArgumentException expected) {
                // rejected cleanly
            }
        }
    }

    @Test
    void bitswapRoundTripAndFuzz() {
        byte[] data = {1, 2, 3};
        Cid raw = Cid.v1(Cid.RAW, Multihash.sha256(data));
        Cid v0 = Cid.v0(Multihash.sha256(new byte[] {9}));
        BitswapMessage m = new BitswapMessage(
                List.of(new BitswapMessage.Entry(raw, 5, false, BitswapMessage.WantType.HAVE, true),
                        new BitswapMessage.Entry(v0, 1, true, BitswapMessage.WantType.BLOCK, false)),
                true, List.of(new BitswapMessage.Block(raw, data)), List.of(new BitswapMessage.Presence(v0, false)), 0);
        BitswapMessage back = BitswapMessage.decode(m.encode());
        assertEquals(m.wantlist(), back.wantlist());
        assertEquals(raw, back.blocks().get(0).cid());
        assertArrayEquals(data, back.blocks().get(0).data());
        assertEquals(m.presences(), back.presences());
        // the length-prefixed form Bitswap sends is the varint length, then the same bytes (pendingBytes too)
        BitswapMessage big = new BitswapMessage(m.wantlist(), false,
                List.of(new BitswapMessage.Block(raw, data), new BitswapMessage.Block(raw, new byte[300_000])), m.presences(), 77);
        byte[] body = big.encode();
        byte[] framed = big.encodeLengthPrefixed();
        assertArrayEquals(body, java.util.Arrays.copyOfRange(framed, framed.length - body.length, framed.length));
        assertEquals(body.length, org.p2pstack.ipfs.internal.multiformats.Varint.read(java.nio.ByteBuffer.wrap(framed)));
        assertEquals(framed.length, org.p2pstack.ipfs.internal.multiformats.Varint.size(body.length) + body.length);
        assertEquals(77, BitswapMessage.decode(body).pendingBytes());
        // any shape: the exact size is computed right, whatever the message ends in
        Random shapes = new Random(5);
        for (int i = 0; i < 500; i++) {
            List<BitswapMessage.Block> blocks = new ArrayList<>();
            for (int k = shapes.nextInt(4); k > 0; k--) {
                blocks.add(new BitswapMessage.Block(raw, new byte[shapes.nextInt(300)]));
            }
            List<BitswapMessage.Presence> presences = shapes.nextBoolean() ? List.of() : List.of(new BitswapMessage.Presence(v0, shapes.nextBoolean()));
            BitswapMessage shape = new BitswapMessage(shapes.nextBoolean() ? List.of() : m.wantlist(), shapes.nextBoolean(), blocks, presences,
                    shapes.nextBoolean() ? 0 : shapes.nextInt(1 << 20));
            byte[] shapeBody = shape.encode();
            byte[] shapeFramed = shape.encodeLengthPrefixed();
            assertEquals(org.p2pstack.ipfs.internal.multiformats.Varint.size(shapeBody.length) + shapeBody.length, shapeFramed.length);
            assertArrayEquals(shapeBody, java.util.Arrays.copyOfRange(shapeFramed, shapeFramed.length - shapeBody.length, shapeFramed.length));
        }
        // ending in a few bytes of block data or in a varint must fill the exact-size buffer too
        for (BitswapMessage small : List.of(new BitswapMessage(List.of(), false, List.of(new BitswapMessage.Block(raw, data)), List.of(), 0),
                new BitswapMessage(List.of(), false, List.of(new BitswapMessage.Block(raw, new byte[0])), List.of(), 1),
                new BitswapMessage(m.wantlist(), true, List.of(), List.of(), 0))) {
            byte[] smallBody = small.encode();
            byte[] smallFramed = small.encodeLengthPrefixed();
            assertArrayEquals(smallBody, java.util.Arrays.copyOfRange(smallFramed, smallFramed.length - smallBody.length, smallFramed.length));
        }
        // a block's CID is computed from its bytes: a lying prefix cannot name other content
        assertEquals(Cid.v0(Multihash.sha256(new byte[] {7})),
                BitswapMessage.cidFromPrefix(new byte[] {0, 0x70, 0x12, 0x20}, new byte[] {7}));
        // too many wantlist entries
        ProtoWriter wl = new ProtoWriter();
        for (int i = 0; i <= BitswapMessage.MAX_ENTRIES; i++) {
            wl.bytes(1, new ProtoWriter().bytes(1, raw.bytes()).toByteArray());
        }
        byte[] huge = new ProtoWriter().bytes(1, wl.toByteArray()).toByteArray();
        assertThrows(IllegalArgumentException.class, () -> BitswapMessage.decode(huge));
        fuzz(m.encode(), BitswapMessage::decode, 31);
    }

    @Test
    void kadRoundTripAndFuzz() {
        PeerId p = Ed25519KeyPair.generate(new SecureRandom()).peerId();
        KadMessage m = new KadMessage(KadMessage.Type.GET_PROVIDERS, Multihash.sha256(new byte[1]).bytes(),
                List.of(new KadMessage.Peer(p, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")))),
                List.of(new KadMessage.Peer(p, List.of())));
        KadMessage back = KadMessage.decode(m.encode());
        assertEquals(m.type(), back.type());
        assertEquals(m.closerPeers(), back.closerPeers());
        List<KadMessage.Peer> many = new ArrayList<>();
        for (int i = 0; i <= KadMessage.MAX_PEERS; i++) {
            many.add(new KadMessage.Peer(p, List.of()));
        }
        byte[] tooMany = new KadMessage(KadMessage.Type.FIND_NODE, new byte[1], many, List.of()).encode();
        assertThrows(IllegalArgumentException.class, () -> KadMessage.decode(tooMany));
        fuzz(m.encode(), KadMessage::decode, 32);
    }

    @Test
    void identifyFuzz() {
        Ed25519KeyPair k = Ed25519KeyPair.generate(new SecureRandom());
        byte[] msg = Identify.encode("agent", k.publicKey(), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/1")),
                Multiaddr.parse("/ip4/127.0.0.1/tcp/2"), List.of("/ipfs/ping/1.0.0"));
        Identify.Info info = Identify.decode(msg);
        assertEquals("agent", info.agentVersion());
        assertEquals(k.publicKey(), info.publicKey());
        fuzz(msg, Identify::decode, 33);
    }
}
