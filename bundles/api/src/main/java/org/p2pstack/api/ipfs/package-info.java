/**
 * The node's IPFS stack: add and read UnixFS files and raw blocks, pin them, announce and find providers,
 * and manage libp2p connections. CIDs and multiaddrs are passed in their standard string forms.
 * <p>
 * 1.1: {@link org.p2pstack.api.ipfs.IpfsService#nearbyPeers()} (peers found on the local network) and a small
 * request/response over libp2p streams ({@link org.p2pstack.api.ipfs.IpfsService#answer},
 * {@link org.p2pstack.api.ipfs.IpfsService#request}).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.p2pstack.api.ipfs;
