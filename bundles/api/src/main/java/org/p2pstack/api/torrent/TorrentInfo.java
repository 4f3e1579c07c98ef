package org.p2pstack.api.torrent;

import java.util.Objects;

/**
 * A single-file BitTorrent v1 torrent.
 *
 * @param infoHash    hex SHA-1 of the bencoded info dictionary (40 lower-case characters)
 * @param name        the file name in the torrent
 * @param length      file size in bytes
 * @param pieceLength bytes per piece
 * @param pieceCount  number of pieces
 */
public record TorrentInfo(String infoHash, String name, long length, int pieceLength, int pieceCount) {

    public TorrentInfo {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(name, "name");
    }
}
