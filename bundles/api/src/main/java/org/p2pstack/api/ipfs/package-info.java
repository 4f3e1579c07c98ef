/**
 * The node's IPFS stack: add and read UnixFS files and raw blocks, pin them, announce and find providers,
 * and manage libp2p connections. CIDs and multiaddrs are passed in their standard string forms.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.p2pstack.api.ipfs;
