package org.p2pstack.ipfs.internal.mdns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The DNS codec: round trip, the bytes js-libp2p's mdns sends, and hostile packets refused. */
class DnsMessageTest {

    /**
     * What js-libp2p's {@code @libp2p/mdns} 12.0.32 sends as its query, made once with node in src/test/interop:
     * {@code query.queryLAN(multicastDNS({socket: <fake socket that records send()>}), '_p2p._udp.local', ...)}, i.e.
     * multicast-dns 7.2.5 encoding {@code {type: 'query', questions: [{name: '_p2p._udp.local', type: 'PTR'}]}} with
     * dns-packet 5.6.1.
     */
    static final String JS_QUERY = "000000000001000000000000045f703270045f756470056c6f63616c00000c0001";

    /**
     * js-libp2p's answer, made the same way with {@code query.gotQuery(...)} for peer name
     * {@code abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0} (63 characters, as js-libp2p's default)
     * and the addresses {@code /ip4/127.0.0.1/tcp/4001}, {@code /ip4/198.19.7.11/tcp/4001} and
     * {@code /ip4/8.8.8.8/tcp/4001}, each {@code /p2p/12D3KooWRBy97UB99e3J6hiPesre1MZeuNQvfan4gBziswrRJsNK}: the PTR
     * record and one TXT record per private address (8.8.8.8 left out by its isPrivate filter), all as answers, flags
     * 0x8400 (response, authoritative), names not compressed.
     */
    static final String JS_RESPONSE = "000084000000000300000000045f703270045f756470056c6f63616c00000c00010000007800513f"
            + "6162636465666768696a6b6c6d6e6f707172737475767778797a303132333435363738396162636465666768696a6b6c6d6e6f70717273"
            + "7475767778797a30045f703270045f756470056c6f63616c003f6162636465666768696a6b6c6d6e6f707172737475767778797a303132"
            + "333435363738396162636465666768696a6b6c6d6e6f707172737475767778797a30045f703270045f756470056c6f63616c0000100001"
            + "00000078005958646e73616464723d2f6970342f3132372e302e302e312f7463702f343030312f7032702f313244334b6f6f5752427939"
            + "375542393965334a3668695065737265314d5a65754e517666616e3467427a69737772524a734e4b3f6162636465666768696a6b6c6d6e"
            + "6f707172737475767778797a303132333435363738396162636465666768696a6b6c6d6e6f707172737475767778797a30045f70327004"
            + "5f756470056c6f63616c000010000100000078005b5a646e73616464723d2f6970342f3139382e31392e372e31312f7463702f34303031"
            + "2f7032702f313244334b6f6f5752427939375542393965334a3668695065737265314d5a65754e517666616e3467427a69737772524a73"
            + "4e4b";

    static final String JS_PEER = "12D3KooWRBy97UB99e3J6hiPesre1MZeuNQvfan4gBziswrRJsNK";
    static final String JS_NAME = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0";

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void roundTripOfEveryRecordType() throws Exception {
        DnsMessage m = new DnsMessage(7, DnsMessage.FLAG_RESPONSE | DnsMessage.FLAG_AUTHORITATIVE,
                List.of(new DnsQuestion("_p2p._udp.local", DnsRecord.PTR, DnsRecord.IN, true)),
                List.of(new DnsRecord("_p2p._udp.local", 120, new DnsRecord.Ptr("peer._p2p._udp.local")),
                        new DnsRecord("peer._p2p._udp.local", DnsRecord.TXT, DnsRecord.IN, true, 4500,
                                DnsRecord.Txt.of("dnsaddr=/ip4/198.19.7.10/tcp/4001", "x"))),
                List.of(new DnsRecord("host.local", 0xFFFF_FFFFL, new DnsRecord.A(InetAddress.getByName("198.18.0.1")))),
                List.of(new DnsRecord("host.local", 10, new DnsRecord.Aaaa(InetAddress.getByName("fe80::1"))),
                        new DnsRecord("peer._p2p._udp.local", 10, new DnsRecord.Srv(1, 2, 4001, "host.local")),
                        new DnsRecord("x.local", 10, new DnsRecord.Other(47, new byte[] {1, 2, 3}))));
        byte[] wire = m.encode();
        DnsMessage back = DnsMessage.decode(wire);
        assertEquals(7, back.id());
        assertTrue(back.isResponse());
        assertEquals(0, back.opcode());
        assertEquals(0, back.rcode());
        assertEquals(m.questions(), back.questions());
        assertEquals(new DnsRecord.Ptr("peer._p2p._udp.local"), back.answers().get(0).data());
        DnsRecord txt = back.answers().get(1);
        assertTrue(txt.cacheFlush());
        assertEquals(4500, txt.ttl());
        assertEquals(List.of("dnsaddr=/ip4/198.19.7.10/tcp/4001", "x"), ((DnsRecord.Txt) txt.data()).texts());
        assertEquals(0xFFFF_FFFFL, back.authorities().get(0).ttl());
        assertEquals(InetAddress.getByName("198.18.0.1"), ((DnsRecord.A) back.authorities().get(0).data()).address());
        assertEquals(InetAddress.getByName("fe80::1"), ((DnsRecord.Aaaa) back.additionals().get(0).data()).address());
        assertEquals(new DnsRecord.Srv(1, 2, 4001, "host.local"), back.additionals().get(1).data());
        DnsRecord.Other other = (DnsRecord.Other) back.additionals().get(2).data();
        assertEquals(47, other.type());
        assertArrayEquals(new byte[] {1, 2, 3}, other.bytes());
        // and the same bytes again
        assertArrayEquals(wire, back.encode());
    }

    @Test
    void readsWhatJsLibp2pSends() {
        DnsMessage q = DnsMessage.decode(hex(JS_QUERY));
        assertFalse(q.isResponse());
        assertEquals(List.of(new DnsQuestion("_p2p._udp.local", DnsRecord.PTR)), q.questions());
        assertTrue(LanDiscovery.asksForPeers(q));
        // our query is byte for byte the same as js-libp2p's
        assertArrayEquals(hex(JS_QUERY), LanDiscovery.query());

        DnsMessage r = DnsMessage.decode(hex(JS_RESPONSE));
        assertTrue(r.isResponse());
        assertEquals(0x8400, r.flags());
        assertEquals(3, r.answers().size());
        assertEquals(new DnsRecord.Ptr(JS_NAME + "._p2p._udp.local"), r.answers().get(0).data());
        assertEquals(120, r.answers().get(0).ttl());
        assertEquals(List.of("dnsaddr=/ip4/127.0.0.1/tcp/4001/p2p/" + JS_PEER), ((DnsRecord.Txt) r.answers().get(1).data()).texts());
        assertEquals(List.of("dnsaddr=/ip4/198.19.7.11/tcp/4001/p2p/" + JS_PEER), ((DnsRecord.Txt) r.answers().get(2).data()).texts());
        assertArrayEquals(hex(JS_RESPONSE), r.encode());
    }

    @Test
    void followsCompressionPointers() {
        // header, one PTR answer "_p2p._udp.local" whose target is "peer" + pointer to offset 12
        ByteArrayOutputStream b = header(0x8400, 0, 1, 0, 0);
        DnsMessage.writeName(b, "_p2p._udp.local"); // at offset 12
        b.writeBytes(new byte[] {0, 12, 0, 1, 0, 0, 0, 120});
        byte[] rdata = {4, 'p', 'e', 'e', 'r', (byte) 0xC0, 12};
        b.writeBytes(new byte[] {0, (byte) rdata.length});
        b.writeBytes(rdata);
        DnsMessage m = DnsMessage.decode(b.toByteArray());
        assertEquals(new DnsRecord.Ptr("peer._p2p._udp.local"), m.answers().get(0).data());

        // a record whose owner name is only a pointer
        ByteArrayOutputStream c = header(0x8400, 0, 2, 0, 0);
        DnsMessage.writeName(c, "_p2p._udp.local");
        c.writeBytes(new byte[] {0, 12, 0, 1, 0, 0, 0, 120, 0, 2, (byte) 0xC0, 12});
        c.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 16, 0, 1, 0, 0, 0, 120, 0, 4, 3, 'a', '=', 'b'});
        DnsMessage m2 = DnsMessage.decode(c.toByteArray());
        assertEquals("_p2p._udp.local", m2.answers().get(1).name());
        assertEquals(List.of("a=b"), ((DnsRecord.Txt) m2.answers().get(1).data()).texts());
    }

    @Test
    void refusesHostilePackets() {
        // a pointer to itself, and one pointing forward
        refuse(packet(0, 1, new byte[] {(byte) 0xC0, 12, 0, 12, 0, 1}), "backwards");
        refuse(packet(0, 1, new byte[] {(byte) 0xC0, 14, 1, 'a', 0, 0, 12, 0, 1}), "backwards");
        // a name that jumps back and then forward again (the only way to make a loop)
        refuse(packet(0, 2, new byte[] {1, 'a', (byte) 0xC0, 16, 0, 12, 0, 1, 1, 'b', (byte) 0xC0, 12, 0, 12, 0, 1}), "backwards");
        // counts that the packet cannot hold
        refuse(packet(0, 0xFFFF, new byte[0]), "questions and records");
        refuse(packet(0, 3, new byte[] {0, 0, 12, 0, 1}), "exceed the packet");
        ByteArrayOutputStream many = header(0x8400, 0, 50, 0, 0);
        many.writeBytes(new byte[100]);
        refuse(many.toByteArray(), "exceed the packet");
        // a label type that does not exist, a label past the end, a truncated pointer
        refuse(packet(0, 1, new byte[] {0x40, 0, 0, 12, 0, 1}), "label type");
        refuse(packet(0, 1, new byte[] {10, 'a', 'b', 0, 12, 0, 1}), "past the message");
        refuse(packet(0, 1, new byte[] {1, 'a', (byte) 0xC0}), "");
        // a name longer than 255 bytes
        ByteArrayOutputStream longName = header(0, 1, 0, 0, 0);
        for (int i = 0; i < 5; i++) {
            longName.write(63);
            longName.writeBytes(new byte[63]);
        }
        longName.writeBytes(new byte[] {0, 0, 12, 0, 1});
        refuse(longName.toByteArray(), "longer than 255");
        // a chain of more than MAX_POINTERS pointers, each one further back
        ByteArrayOutputStream chain = header(0, 40, 0, 0, 0);
        chain.writeBytes(new byte[] {0, 0, 12, 0, 1}); // root at 12
        for (int i = 1; i < 40; i++) {
            int prev = i == 1 ? 12 : 17 + (i - 2) * 6; // where question i - 1 starts
            chain.writeBytes(new byte[] {(byte) 0xC0, (byte) prev, 0, 12, 0, 1});
        }
        DnsMessage.decode(copyWithCount(chain.toByteArray(), 33)); // 32 pointers deep is fine
        refuse(chain.toByteArray(), "compression pointers");
        // a TXT string running past its record, a TXT record of too many strings, record data not filled
        refuse(txtPacket(new byte[] {5, 'a', 'b'}), "past");
        byte[] strings = new byte[DnsMessage.MAX_TXT_STRINGS + 1];
        refuse(txtPacket(strings), "strings");
        ByteArrayOutputStream a = header(0x8400, 0, 1, 0, 0);
        a.writeBytes(new byte[] {0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 3, 1, 2, 3});
        refuse(a.toByteArray(), "not 4");
        ByteArrayOutputStream ptr = header(0x8400, 0, 1, 0, 0);
        ptr.writeBytes(new byte[] {0, 0, 12, 0, 1, 0, 0, 0, 1, 0, 4, 1, 'a', 0, 0});
        refuse(ptr.toByteArray(), "does not fill");
        // record data longer than the packet
        ByteArrayOutputStream big = header(0x8400, 0, 1, 0, 0);
        big.writeBytes(new byte[] {0, 0, 16, 0, 1, 0, 0, 0, 1, (byte) 0xFF, (byte) 0xFF, 1, 'a'});
        refuse(big.toByteArray(), "truncated");
        // too short, too long
        refuse(new byte[5], "header");
        refuse(new byte[DnsMessage.MAX_PACKET + 1], "exceeds");
    }

    @Test
    void refusesToWriteWhatDnsCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> DnsMessage.query(
                List.of(new DnsQuestion("a".repeat(64) + ".local", DnsRecord.PTR))).encode());
        assertThrows(IllegalArgumentException.class, () -> DnsMessage.query(
                List.of(new DnsQuestion("a..local", DnsRecord.PTR))).encode());
        assertThrows(IllegalArgumentException.class, () -> DnsMessage.response(
                List.of(new DnsRecord("x.local", 1, new DnsRecord.Txt(List.of(new byte[256])))), List.of()).encode());
        String name = ("a".repeat(60) + ".").repeat(5) + "local";
        assertThrows(IllegalArgumentException.class, () -> DnsMessage.query(List.of(new DnsQuestion(name, DnsRecord.PTR))).encode());
    }

    /** Random damage to real packets: every outcome is a message or an IllegalArgumentException, never anything else. */
    @Test
    void damagedPacketsOnlyEverFailWithIllegalArgument() {
        Random rnd = new Random(42);
        byte[][] seeds = {hex(JS_QUERY), hex(JS_RESPONSE)};
        for (int i = 0; i < 50_000; i++) {
            byte[] p = seeds[i % 2].clone();
            int edits = 1 + rnd.nextInt(8);
            for (int e = 0; e < edits; e++) {
                p[rnd.nextInt(p.length)] = (byte) rnd.nextInt(256);
            }
            int len = rnd.nextInt(4) == 0 ? rnd.nextInt(p.length + 1) : p.length;
            try {
                DnsMessage m = DnsMessage.decode(p, len);
                LanDiscovery.parse(m, "us");
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
    }

    private static void refuse(byte[] packet, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DnsMessage.decode(packet));
        assertTrue(e.getMessage().contains(reason), e.getMessage() + " (expected: " + reason + ")");
    }

    private static ByteArrayOutputStream header(int flags, int qd, int an, int ns, int ar) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int v : new int[] {0, flags, qd, an, ns, ar}) {
            b.write(v >>> 8);
            b.write(v);
        }
        return b;
    }

    private static byte[] packet(int flags, int qd, byte[] body) {
        ByteArrayOutputStream b = header(flags, qd, 0, 0, 0);
        b.writeBytes(body);
        return b.toByteArray();
    }

    private static byte[] txtPacket(byte[] rdata) {
        ByteArrayOutputStream b = header(0x8400, 0, 1, 0, 0);
        b.writeBytes(new byte[] {0, 0, 16, 0, 1, 0, 0, 0, 1, 0, (byte) rdata.length});
        b.writeBytes(rdata);
        return b.toByteArray();
    }

    private static byte[] copyWithCount(byte[] p, int qd) {
        byte[] c = java.util.Arrays.copyOf(p, 12 + qd * 6 - 1);
        c[4] = (byte) (qd >>> 8);
        c[5] = (byte) qd;
        return c;
    }
}
