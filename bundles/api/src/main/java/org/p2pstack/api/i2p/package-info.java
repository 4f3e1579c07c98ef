/**
 * The node's I2P stack as other bundles see it: router state, the node's own destination, streams and
 * HTTP fetches (whole or streamed) to other destinations, signatures by the node's destination, and the local address book ({@code name.i2p ↔ destination}).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.p2pstack.api.i2p;
