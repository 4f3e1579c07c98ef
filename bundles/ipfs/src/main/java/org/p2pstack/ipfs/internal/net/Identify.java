package org.p2pstack.ipfs.internal.net;

import java.util.ArrayList;
import java.util.List;

import org.p2pstack.ipfs.internal.crypto.PublicKey;
import org.p2pstack.ipfs.internal.multiformats.Multiaddr;
import org.p2pstack.ipfs.internal.protobuf.ProtoReader;
import org.p2pstack.ipfs.internal.protobuf.ProtoWriter;

/**
 * The identify protocol's message (libp2p/specs identify): {@code protocolVersion = 5; agentVersion = 6;
 * publicKey = 1; repeated listenAddrs = 2; observedAddr = 4; repeated protocols = 3}.
 */
public final class Identify {

    public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";
    public static final String PUSH_PROTOCOL_ID = "/ipfs/id/push/1.0.0";
    public static final String PROTOCOL_VERSION = "ipfs/0.1.0";
    /** Largest identify message accepted. */
    public static final int MAX_MESSAGE = 64 * 1024;
    /** Most listen addresses and protocols kept from one peer. */
    public static final int MAX_ADDRESSES = 64;
    public static final int MAX_PROTOCOLS = 128;
    public static final int MAX_STRING = 1024;

    private Identify() {
    }

    /** What a peer told us about itself. Addresses that did not parse are dropped. */
    public record Info(String protocolVersion, String agentVersion, PublicKey publicKey, List<Multiaddr> listenAddrs,
            Multiaddr observedAddr, List<String> protocols) {
    }

    public static byte[] encode(String agent, PublicKey key, List<Multiaddr> listen, Multiaddr observed, List<String> protocols) {
        ProtoWriter w = new ProtoWriter().string(5, PROTOCOL_VERSION).string(6, agent).bytes(1, key.encode());
        for (Multiaddr m : listen) {
            w.bytes(2, m.bytes());
        }
        if (observed != null) {
            w.bytes(4, observed.bytes());
        }
        for (String p : protocols) {
            w.string(3, p);
        }
        return w.toByteArray();
    }

    public static Info decode(byte[] msg) {
        ProtoReader r = new ProtoReader(msg);
        String pv = "";
        String agent = "";
        PublicKey key = null;
        List<Multiaddr> addrs = new ArrayList<>();
        Multiaddr observed = null;
        List<String> protocols = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 5 -> pv = r.string(MAX_STRING);
                case 6 -> agent = r.string(MAX_STRING);
                case 1 -> key = PublicKey.decode(r.bytes(PublicKey.MAX_ENCODED_LENGTH));
                case 2 -> {
                    byte[] a = r.bytes(Multiaddr.MAX_BYTES);
                    if (addrs.size() < MAX_ADDRESSES) {
                        try {
                            addrs.add(Multiaddr.decode(a));
                        } catch (IllegalArgumentException e) {
                            // an address type we do not know
                        }
                    }
                }
                case 4 -> {
                    try {
                        observed = Multiaddr.decode(r.bytes(Multiaddr.MAX_BYTES));
                    } catch (IllegalArgumentException e) {
                        observed = null;
                    }
                }
                case 3 -> {
                    String p = r.string(MAX_STRING);
                    if (protocols.size() < MAX_PROTOCOLS) {
                        protocols.add(p);
                    }
                }
                default -> r.skip();
            }
        }
        return new Info(pv, agent, key, List.copyOf(addrs), observed, List.copyOf(protocols));
    }
}
