package org.p2pstack.ipfs.internal.mdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2pstack.ipfs.internal.mdns.DnsMessageTest.JS_NAME;
import static org.p2pstack.ipfs.internal.mdns.DnsMessageTest.JS_PEER;
import static org.p2pstack.ipfs.internal.mdns.DnsMessageTest.JS_RESPONSE;
import static org.p2pstack.ipfs.internal.mdns.DnsMessageTest.hex;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.p2pstack.ipfs.internal.multiformats.Multiaddr;
import org.p2pstack.ipfs.internal.multiformats.PeerId;

/** What LAN discovery reads from answers, what it dials, what it announces, and the bounded peer table. */
class LanDiscoveryTest {

    private static final String OTHER = "12D3KooWHhmq7u9ohxyu5d2QZNXNguvC8h2urgCfE3af8K9H9t2N";

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static final LanDiscovery.Link LAN = new LanDiscovery.Link("eth0", null,
            List.of(new LanDiscovery.Subnet(ip("198.19.7.10"), 24)));

    @Test
    void readsJsLibp2psAnswer() {
        List<LanDiscovery.Found> found = LanDiscovery.parse(DnsMessage.decode(hex(JS_RESPONSE)), "ourname");
        assertEquals(1, found.size());
        LanDiscovery.Found f = found.get(0);
        assertEquals(JS_NAME, f.peerName());
        assertEquals(PeerId.parse(JS_PEER), f.peer());
        assertEquals(120, f.ttl());
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + JS_PEER),
                Multiaddr.parse("/ip4/198.19.7.11/tcp/4001/p2p/" + JS_PEER)), f.addresses());
        // of those only the address on our LAN is dialled: loopback would be ourselves
        assertEquals(List.of(Multiaddr.parse("/ip4/198.19.7.11/tcp/4001/p2p/" + JS_PEER)),
                LanDiscovery.dialable(f.addresses(), LAN, a -> true));
        // an answer of our own (our name in the PTR target) is ignored
        assertEquals(List.of(), LanDiscovery.parse(DnsMessage.decode(hex(JS_RESPONSE)), JS_NAME));
    }

    @Test
    void ourAnswerIsWhatJsLibp2pWouldRead() {
        PeerId us = PeerId.parse(OTHER);
        List<Multiaddr> listen = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"), Multiaddr.parse("/ip4/198.19.7.10/tcp/4001"),
                Multiaddr.parse("/ip4/10.1.2.3/tcp/4001"));
        List<Multiaddr> mine = LanDiscovery.announced(LAN, listen, us);
        assertEquals(List.of(Multiaddr.parse("/ip4/198.19.7.10/tcp/4001/p2p/" + OTHER)), mine);
        byte[] wire = LanDiscovery.response("ourname0123456789ourname01234567", mine);
        DnsMessage m = DnsMessage.decode(wire);
        assertEquals(0x8400, m.flags());
        assertEquals(new DnsRecord("_p2p._udp.local", 120, new DnsRecord.Ptr("ourname0123456789ourname01234567._p2p._udp.local")),
                m.answers().get(0));
        DnsRecord txt = m.answers().get(1);
        assertEquals("ourname0123456789ourname01234567._p2p._udp.local", txt.name());
        assertEquals(List.of("dnsaddr=/ip4/198.19.7.10/tcp/4001/p2p/" + OTHER), ((DnsRecord.Txt) txt.data()).texts());
        List<LanDiscovery.Found> back = LanDiscovery.parse(m, "someoneelse");
        assertEquals(us, back.get(0).peer());
        assertEquals(mine, back.get(0).addresses());
    }

    @Test
    void txtRecordsInTheAdditionalSectionCountAndForeignOnesDoNot() {
        String inst = "peer._p2p._udp.local";
        DnsMessage m = DnsMessage.response(
                List.of(new DnsRecord("_p2p._udp.local", 60, new DnsRecord.Ptr(inst)),
                        // a TXT record of another name is not this instance's
                        new DnsRecord("other._p2p._udp.local", 60, DnsRecord.Txt.of("dnsaddr=/ip4/198.19.7.66/tcp/1/p2p/" + OTHER))),
                List.of(new DnsRecord(inst.toUpperCase(), 60, DnsRecord.Txt.of(
                        "dnsaddr=/ip4/198.19.7.12/tcp/4001/p2p/" + JS_PEER,
                        "dnsaddr=/ip4/198.19.7.13/tcp/4001/p2p/" + OTHER, // another peer's address: dropped
                        "dnsaddr=not a multiaddr", "something=else",
                        "dnsaddr=/ip4/198.19.7.12/tcp/4001/p2p/" + JS_PEER))));
        List<LanDiscovery.Found> found = LanDiscovery.parse(DnsMessage.decode(m.encode()), "us");
        assertEquals(1, found.size());
        assertEquals(PeerId.parse(JS_PEER), found.get(0).peer());
        assertEquals(List.of(Multiaddr.parse("/ip4/198.19.7.12/tcp/4001/p2p/" + JS_PEER)), found.get(0).addresses());
        assertEquals(60, found.get(0).ttl());
    }

    @Test
    void aLanPeerCannotMakeUsDialElsewhere() {
        String p = "/p2p/" + JS_PEER;
        List<Multiaddr> offered = new ArrayList<>();
        for (String a : new String[] {"/ip4/8.8.8.8/tcp/4001", "/ip4/127.0.0.1/tcp/4001", "/ip4/198.19.8.1/tcp/4001",
                "/ip4/198.19.7.255/tcp/4001", "/ip4/198.19.7.0/tcp/0", "/ip4/224.0.0.251/tcp/4001", "/ip6/::1/tcp/4001",
                "/ip4/198.19.7.20/tcp/4001", "/dns4/example.com/tcp/4001", "/ip4/198.19.7.21/udp/4001/quic-v1"}) {
            offered.add(Multiaddr.parse(a + p));
        }
        assertEquals(List.of(Multiaddr.parse("/ip4/198.19.7.20/tcp/4001" + p)), LanDiscovery.dialable(offered, LAN, a -> true));
        // and what the node's policy refuses (a node kept on a test network) is not dialled either
        assertEquals(List.of(), LanDiscovery.dialable(offered, LAN, a -> false));

        // a /8 network counts as its /16 around us
        LanDiscovery.Link wide = new LanDiscovery.Link("eth1", null, List.of(new LanDiscovery.Subnet(ip("10.1.2.3"), 8)));
        assertTrue(wide.contains(ip("10.1.200.1")));
        assertFalse(wide.contains(ip("10.2.0.1")));
        LanDiscovery.Link none = new LanDiscovery.Link("eth2", null, List.of(new LanDiscovery.Subnet(ip("192.168.1.5"), 0)));
        assertFalse(none.contains(ip("8.8.8.8")));
        // packets are read only from a sender on one of our networks
        assertSame(LAN, LanDiscovery.linkOf(ip("198.19.7.11"), List.of(wide, LAN)));
        assertNull(LanDiscovery.linkOf(ip("198.19.9.11"), List.of(wide, LAN)));
    }

    @Test
    void peerTableIsBoundedAndExpires() {
        AtomicLong now = new AtomicLong(0);
        NearbyPeers t = new NearbyPeers(3, now::get);
        List<Multiaddr> addrs = List.of(Multiaddr.parse("/ip4/198.19.7.11/tcp/4001/p2p/" + JS_PEER));
        PeerId a = PeerId.parse(JS_PEER);
        assertTrue(t.seen(a, addrs, 120, ip("198.19.7.11")));
        assertTrue(t.claimDial(a));
        assertFalse(t.claimDial(a), "one dial per REDIAL_AFTER");
        now.addAndGet(NearbyPeers.REDIAL_AFTER.toNanos());
        assertTrue(t.claimDial(a));

        // TTL above 120 s counts as 120 s; each answer refreshes
        assertTrue(t.seen(a, addrs, 4500, ip("198.19.7.11")));
        now.addAndGet(Duration.ofSeconds(119).toNanos());
        assertEquals(1, t.size());
        assertTrue(t.seen(a, addrs, 120, ip("198.19.7.11")));
        now.addAndGet(Duration.ofSeconds(119).toNanos());
        assertEquals(1, t.list().size());
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals(0, t.size(), "expired");
        assertFalse(t.claimDial(a));

        // TTL 0 (goodbye) removes
        assertTrue(t.seen(a, addrs, 120, ip("198.19.7.11")));
        assertFalse(t.seen(a, addrs, 0, ip("198.19.7.11")));
        assertEquals(0, t.size());

        // at most 3 peers here, none pushed out by newcomers
        for (int i = 0; i < 5; i++) {
            PeerId p = randomPeer(i);
            boolean kept = t.seen(p, List.of(Multiaddr.parse("/ip4/198.19.7." + (20 + i) + "/tcp/1/p2p/" + p)), 120, ip("198.19.7." + (20 + i)));
            assertEquals(i < 3, kept);
        }
        assertEquals(3, t.size());

        // one sender announces at most MAX_PEERS_PER_SENDER peers
        NearbyPeers big = new NearbyPeers(64, now::get);
        int kept = 0;
        for (int i = 0; i < 20; i++) {
            PeerId p = randomPeer(100 + i);
            kept += big.seen(p, List.of(Multiaddr.parse("/ip4/198.19.7.30/tcp/" + (1000 + i) + "/p2p/" + p)), 120, ip("198.19.7.30")) ? 1 : 0;
        }
        assertEquals(NearbyPeers.MAX_PEERS_PER_SENDER, kept);
    }

    /** The peer ID of an Ed25519 key (protobuf: type 1, 32 bytes) made of {@code seed}. */
    private static PeerId randomPeer(int seed) {
        byte[] key = new byte[36];
        key[0] = 8;
        key[1] = 1;
        key[2] = 18;
        key[3] = 32;
        byte[] raw = new byte[32];
        new java.util.Random(seed).nextBytes(raw);
        System.arraycopy(raw, 0, key, 4, 32);
        return PeerId.fromPublicKey(key);
    }
}
