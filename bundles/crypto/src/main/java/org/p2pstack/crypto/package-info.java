/**
 * Symmetric primitives the network stacks share, written for throughput on JDK 17: ChaCha20, Poly1305 and
 * the ChaCha20-Poly1305 AEAD (libp2p Noise, Hyperswarm's secretstream).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.p2pstack.crypto;
