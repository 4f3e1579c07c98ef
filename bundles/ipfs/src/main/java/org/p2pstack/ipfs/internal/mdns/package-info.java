/**
 * LAN discovery with multicast DNS as libp2p specifies it (libp2p/specs discovery/mdns.md): a DNS message codec of
 * our own ({@link org.p2pstack.ipfs.internal.mdns.DnsMessage}) and {@link org.p2pstack.ipfs.internal.mdns.LanDiscovery},
 * which asks for and answers {@code _p2p._udp.local} on UDP 5353 and dials the peers it finds.
 */
package org.p2pstack.ipfs.internal.mdns;
