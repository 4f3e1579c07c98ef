package org.p2pstack.api.ipfs;

import java.util.Objects;

/**
 * One entry of a UnixFS directory.
 *
 * @param name the entry's name
 * @param cid  the entry's CID
 * @param size the size of the entry's whole DAG in bytes, as its directory records it (-1 if unknown)
 */
public record DirectoryEntry(String name, String cid, long size) {

    public DirectoryEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cid, "cid");
    }
}
