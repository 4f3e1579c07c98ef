/**
 * The dag-pb codec (PBNode with its links and data): the block format UnixFS is written in, and what the
 * blockstore walks to pin and collect garbage. It sits below both, so neither needs the other.
 */
package org.p2pstack.ipfs.internal.dagpb;
