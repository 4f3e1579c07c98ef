package org.p2pstack.ipfs.internal.blockstore;

import java.io.IOException;
import java.util.function.Consumer;

import org.p2pstack.ipfs.internal.multiformats.Cid;
import org.p2pstack.ipfs.internal.multiformats.Multihash;

/** Blocks by content: keyed by multihash, so a CIDv0 and a CIDv1 of the same bytes share one block. */
public interface Blockstore {

    boolean has(Cid cid);

    /** The block, verified against {@code cid}, or null if it is not here. */
    byte[] get(Cid cid) throws IOException;

    /** Stores {@code block} under {@code cid}; throws if the block does not hash to the CID. */
    void put(Cid cid, byte[] block) throws IOException;

    /** Stores a block whose hash the caller has just computed itself (the importer): no second hashing. */
    default void putHashed(Cid cid, byte[] block) throws IOException {
        put(cid, block);
    }

    void delete(Multihash key) throws IOException;

    /** Every stored key. */
    void forEachKey(Consumer<Multihash> action) throws IOException;

    /** Size of the block in bytes, or -1 if absent. */
    long size(Cid cid) throws IOException;
}
