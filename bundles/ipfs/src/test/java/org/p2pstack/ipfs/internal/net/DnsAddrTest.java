package org.p2pstack.ipfs.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.p2pstack.ipfs.internal.multiformats.Multiaddr;

/** dnsaddr resolution with a fake DNS: peer filtering, nesting, loops bounded, non-dnsaddr passed through. */
class DnsAddrTest {

    private static final String A = "QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN";
    private static final String B = "QmQCU2EcMqAqQPR2i9bChDtGNJchTbq5TbXJJ16u19uLTa";

    @Test
    void resolves() throws IOException {
        Map<String, List<String>> dns = Map.of(
                "_dnsaddr.bootstrap.example", List.of("dnsaddr=/dnsaddr/sv15.bootstrap.example/p2p/" + A,
                        "dnsaddr=/dnsaddr/am6.bootstrap.example/p2p/" + B, "v=spf1 -all"),
                "_dnsaddr.sv15.bootstrap.example", List.of("\"dnsaddr=/ip4/10.0.0.1/tcp/4001/p2p/" + A + "\"",
                        "dnsaddr=/ip4/10.0.0.1/udp/4001/quic-v1/p2p/" + A, "dnsaddr=/not/a/multiaddr"),
                "_dnsaddr.loop.example", List.of("dnsaddr=/dnsaddr/loop.example"));
        DnsAddr r = new DnsAddr(name -> dns.getOrDefault(name, List.of()));
        List<Multiaddr> got = r.resolve(Multiaddr.parse("/dnsaddr/bootstrap.example/p2p/" + A));
        assertEquals(List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/4001/p2p/" + A), Multiaddr.parse("/ip4/10.0.0.1/udp/4001/quic-v1/p2p/" + A)), got);
        assertEquals(List.of(), r.resolve(Multiaddr.parse("/dnsaddr/loop.example")));
        Multiaddr plain = Multiaddr.parse("/ip4/127.0.0.1/tcp/1");
        assertEquals(List.of(plain), r.resolve(plain));
    }
}
