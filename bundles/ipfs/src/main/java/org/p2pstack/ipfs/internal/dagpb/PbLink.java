package org.p2pstack.ipfs.internal.dagpb;

import org.p2pstack.ipfs.internal.multiformats.Cid;

/**
 * dag-pb {@code PBLink { bytes Hash = 1; string Name = 2; uint64 Tsize = 3; }} (ipld/specs dag-pb).
 * {@code name} null means absent (kubo's file links carry an empty name, which is present);
 * {@code tsize} -1 means absent.
 */
public record PbLink(Cid hash, String name, long tsize) {
}
