package org.p2pstack.torrent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PieceLengthTest {

    @Test
    void matchesCreateTorrentsTable() {
        // values of create-torrent 6.1.3 / piece-length 2.0.1 for these sizes
        assertEquals(16384, PieceLength.forSize(1));
        assertEquals(16384, PieceLength.forSize(16384));
        assertEquals(16384, PieceLength.forSize(16 * 1024 * 1024));
        assertEquals(32768, PieceLength.forSize(32 * 1024 * 1024));
        assertEquals(262144, PieceLength.forSize(300L * 1024 * 1024));
        assertEquals(1048576, PieceLength.forSize(1L << 30));
        assertEquals(4194304, PieceLength.forSize(64L << 30));
    }
}
