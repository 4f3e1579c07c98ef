package org.p2pstack.ipfs.internal.blockstore;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.p2pstack.ipfs.internal.multiformats.Cid;
import org.p2pstack.ipfs.internal.multiformats.Multihash;

/** Blocks in memory, verified on write. For tests and for computing CIDs without storing. */
public final class MemoryBlockstore implements Blockstore {

    private final Map<Multihash, byte[]> blocks = new ConcurrentHashMap<>();

    @Override
    public boolean has(Cid cid) {
        return blocks.containsKey(cid.multihash());
    }

    @Override
    public byte[] get(Cid cid) {
        byte[] b = blocks.get(cid.multihash());
        return b == null ? null : b.clone();
    }

    @Override
    public void put(Cid cid, byte[] block) {
        if (!cid.verifies(block)) {
            throw new IllegalArgumentException("block does not match " + cid);
        }
        blocks.putIfAbsent(cid.multihash(), block.clone());
    }

    @Override
    public void putHashed(Cid cid, byte[] block) {
        blocks.putIfAbsent(cid.multihash(), block);
    }

    @Override
    public void delete(Multihash key) {
        blocks.remove(key);
    }

    @Override
    public void forEachKey(Consumer<Multihash> action) {
        List.copyOf(blocks.keySet()).forEach(action);
    }

    @Override
    public long size(Cid cid) {
        byte[] b = blocks.get(cid.multihash());
        return b == null ? -1 : b.length;
    }

    public int count() {
        return blocks.size();
    }
}
