/** Torrents of the node's files: BitTorrent v1 metainfo, magnet links and web seeds. */
@org.osgi.annotation.versioning.Version("2.0.0")
package org.p2pstack.api.torrent;
