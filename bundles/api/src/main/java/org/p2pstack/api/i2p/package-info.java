/**
 * The node's I2P stack as other bundles see it: router state, the node's own destination, streams and
 * HTTP fetches (whole or streamed) to other destinations, signatures by the node's destination, the local address book
 * ({@code name.i2p ↔ destination}), and {@link org.p2pstack.api.i2p.I2pAddress}, the one reading of an address a person gives.
 */
@org.osgi.annotation.versioning.Version("1.3.0")
package org.p2pstack.api.i2p;
