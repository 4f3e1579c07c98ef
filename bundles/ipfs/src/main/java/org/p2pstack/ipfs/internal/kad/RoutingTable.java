package org.p2pstack.ipfs.internal.kad;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.p2pstack.ipfs.internal.multiformats.Multiaddr;
import org.p2pstack.ipfs.internal.multiformats.Multihash;
import org.p2pstack.ipfs.internal.multiformats.PeerId;

/**
 * Kademlia k-buckets keyed by {@code SHA-256(peer ID bytes)} with XOR distance. At most {@link #K} peers per
 * bucket (by common-prefix length with our own key); a full bucket keeps its older peers.
 */
public final class RoutingTable {

    public static final int K = 20;

    public record Entry(PeerId peer, List<Multiaddr> addrs, byte[] kadKey) {
    }

    private final byte[] selfKey;
    private final PeerId self;
    private final Map<PeerId, Entry> peers = new ConcurrentHashMap<>();
    private final int[] bucketSizes = new int[257];

    public RoutingTable(PeerId self) {
        this.self = self;
        this.selfKey = kadKey(self.bytes());
    }

    public static byte[] kadKey(byte[] key) {
        MessageDigest md = Multihash.sha256Digest();
        return md.digest(key);
    }

    static int commonPrefix(byte[] a, byte[] b) {
        for (int i = 0; i < a.length; i++) {
            int x = (a[i] ^ b[i]) & 0xFF;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return a.length * 8;
    }

    static BigInteger distance(byte[] a, byte[] b) {
        byte[] x = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            x[i] = (byte) (a[i] ^ b[i]);
        }
        return new BigInteger(1, x);
    }

    /** Adds or refreshes a peer; returns false if its bucket is full. */
    public synchronized boolean add(PeerId peer, List<Multiaddr> addrs) {
        if (peer.equals(self)) {
            return false;
        }
        List<Multiaddr> kept = addrs.size() > KadMessage.MAX_ADDRS ? addrs.subList(0, KadMessage.MAX_ADDRS) : addrs;
        Entry old = peers.get(peer);
        byte[] key = kadKey(peer.bytes());
        if (old != null) {
            peers.put(peer, new Entry(peer, kept.isEmpty() ? old.addrs() : List.copyOf(kept), key));
            return true;
        }
        int b = commonPrefix(selfKey, key);
        if (bucketSizes[b] >= K) {
            return false;
        }
        bucketSizes[b]++;
        peers.put(peer, new Entry(peer, List.copyOf(kept), key));
        return true;
    }

    public synchronized void remove(PeerId peer) {
        Entry e = peers.remove(peer);
        if (e != null) {
            bucketSizes[commonPrefix(selfKey, e.kadKey())]--;
        }
    }

    public Entry get(PeerId peer) {
        return peers.get(peer);
    }

    /** The {@code n} known peers closest to {@code key} (an un-hashed DHT key). */
    public List<Entry> closest(byte[] key, int n) {
        byte[] target = kadKey(key);
        List<Entry> all = new ArrayList<>(peers.values());
        all.sort(Comparator.comparing(e -> distance(e.kadKey(), target)));
        return all.size() > n ? all.subList(0, n) : all;
    }

    public int size() {
        return peers.size();
    }
}
