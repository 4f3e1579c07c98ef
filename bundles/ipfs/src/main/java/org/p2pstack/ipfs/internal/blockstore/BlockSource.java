package org.p2pstack.ipfs.internal.blockstore;

import java.io.IOException;

import org.p2pstack.ipfs.internal.multiformats.Cid;

/** Where the exporter reads blocks: the local store, or the network through it. */
@FunctionalInterface
public interface BlockSource {

    /** The block's bytes, verified against {@code cid}; throws if it cannot be had. */
    byte[] get(Cid cid) throws IOException;

    /** A hint that these blocks will be read soon (a network source starts fetching them). */
    default void prefetch(java.util.List<Cid> cids) {
    }
}
