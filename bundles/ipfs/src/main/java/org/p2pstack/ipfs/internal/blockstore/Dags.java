package org.p2pstack.ipfs.internal.blockstore;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

import org.p2pstack.ipfs.internal.multiformats.Cid;
import org.p2pstack.ipfs.internal.multiformats.Multihash;
import org.p2pstack.ipfs.internal.dagpb.PbLink;
import org.p2pstack.ipfs.internal.dagpb.PbNode;

/** Walks DAGs: what pinning fetches and what garbage collection keeps. */
public final class Dags {

    private Dags() {
    }

    /**
     * Visits every block reachable from {@code root} (dag-pb links; raw and other codecs are leaves),
     * each multihash once, reading them from {@code source}; adds them to {@code seen}.
     */
    public static void walk(BlockSource source, Cid root, Set<Multihash> seen) throws IOException {
        Deque<Cid> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Cid c = todo.pop();
            if (!seen.add(c.multihash())) {
                continue;
            }
            byte[] block = source.get(c);
            if (c.codec() == Cid.DAG_PB) {
                for (PbLink l : PbNode.decode(block).links()) {
                    todo.push(l.hash());
                }
            }
        }
    }

    /** Removes every block of {@code store} not reachable from {@code roots}; returns how many were removed. */
    public static long collectGarbage(Blockstore store, Set<Cid> roots) throws IOException {
        Set<Multihash> live = new java.util.HashSet<>();
        for (Cid root : roots) {
            walk(c -> {
                byte[] b = store.get(c);
                if (b == null) {
                    throw new IOException("pinned block " + c + " is missing");
                }
                return b;
            }, root, live);
        }
        long[] removed = {0};
        IOException[] failure = {null};
        store.forEachKey(k -> {
            if (!live.contains(k)) {
                try {
                    store.delete(k);
                    removed[0]++;
                } catch (IOException e) {
                    failure[0] = e;
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return removed[0];
    }
}
