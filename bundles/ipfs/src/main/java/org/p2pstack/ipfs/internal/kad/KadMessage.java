package org.p2pstack.ipfs.internal.kad;

import java.util.ArrayList;
import java.util.List;

import org.p2pstack.ipfs.internal.multiformats.Multiaddr;
import org.p2pstack.ipfs.internal.multiformats.PeerId;
import org.p2pstack.ipfs.internal.protobuf.ProtoReader;
import org.p2pstack.ipfs.internal.protobuf.ProtoWriter;

/**
 * A Kademlia DHT message (libp2p/specs kad-dht): {@code type = 1; key = 2; record = 3; closerPeers = 8;
 * providerPeers = 9; clusterLevelRaw = 10}; {@code Peer { id = 1; repeated addrs = 2; connection = 3; }}.
 * Records (PUT_VALUE / GET_VALUE) are skipped: this node stores provider records only.
 */
public record KadMessage(Type type, byte[] key, List<Peer> closerPeers, List<Peer> providerPeers) {

    /** Largest message accepted. */
    public static final int MAX_MESSAGE = 1024 * 1024;
    /** Most peers in one list of a message. */
    public static final int MAX_PEERS = 64;
    /** Most addresses kept per peer. */
    public static final int MAX_ADDRS = 32;
    public static final int MAX_KEY = 256;

    public enum Type { PUT_VALUE, GET_VALUE, ADD_PROVIDER, GET_PROVIDERS, FIND_NODE, PING }

    public record Peer(PeerId id, List<Multiaddr> addrs) {
    }

    public KadMessage {
        closerPeers = List.copyOf(closerPeers);
        providerPeers = List.copyOf(providerPeers);
    }

    public byte[] encode() {
        ProtoWriter w = new ProtoWriter().uint64(1, type.ordinal());
        if (key != null) {
            w.bytes(2, key);
        }
        for (Peer p : closerPeers) {
            w.bytes(8, encodePeer(p));
        }
        for (Peer p : providerPeers) {
            w.bytes(9, encodePeer(p));
        }
        return w.toByteArray();
    }

    private static byte[] encodePeer(Peer p) {
        ProtoWriter w = new ProtoWriter().bytes(1, p.id().bytes());
        for (Multiaddr a : p.addrs()) {
            w.bytes(2, a.bytes());
        }
        return w.toByteArray();
    }

    public static KadMessage decode(byte[] raw) {
        if (raw.length > MAX_MESSAGE) {
            throw new IllegalArgumentException("kad message larger than " + MAX_MESSAGE);
        }
        ProtoReader r = new ProtoReader(raw);
        Type type = null;
        byte[] key = null;
        List<Peer> closer = new ArrayList<>();
        List<Peer> providers = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> {
                    int t = r.int32();
                    if (t < 0 || t >= Type.values().length) {
                        throw new IllegalArgumentException("unknown kad message type " + t);
                    }
                    type = Type.values()[t];
                }
                case 2 -> key = r.bytes(MAX_KEY);
                case 8 -> addPeer(closer, r.bytes(MAX_MESSAGE));
                case 9 -> addPeer(providers, r.bytes(MAX_MESSAGE));
                default -> r.skip();
            }
        }
        if (type == null) {
            throw new IllegalArgumentException("kad message without type");
        }
        return new KadMessage(type, key, closer, providers);
    }

    private static void addPeer(List<Peer> list, byte[] raw) {
        if (list.size() >= MAX_PEERS) {
            throw new IllegalArgumentException("more than " + MAX_PEERS + " peers in a kad message");
        }
        ProtoReader r = new ProtoReader(raw);
        PeerId id = null;
        List<Multiaddr> addrs = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> id = PeerId.decode(r.bytes(MAX_KEY));
                case 2 -> {
                    byte[] a = r.bytes(Multiaddr.MAX_BYTES);
                    if (addrs.size() < MAX_ADDRS) {
                        try {
                            addrs.add(Multiaddr.decode(a));
                        } catch (IllegalArgumentException e) {
                            // an address type we do not know
                        }
                    }
                }
                default -> r.skip();
            }
        }
        if (id == null) {
            throw new IllegalArgumentException("kad peer without id");
        }
        list.add(new Peer(id, List.copyOf(addrs)));
    }
}
