package org.p2pstack.torrent.internal;

/**
 * Piece length chosen from the file size exactly as the npm {@code create-torrent} package does (through
 * its {@code piece-length} dependency), so that the same file gives the same info hash with either tool:
 * about 1,024 pieces, a power of two, at least 16 KiB, at most 4 MiB.
 */
public final class PieceLength {

    public static final int MIN = 16 * 1024;
    public static final int MAX = 4 * 1024 * 1024;

    private PieceLength() {
    }

    public static int forSize(long bytes) {
        double kib = bytes < 1024 ? 1 : bytes / 1024.0;
        // JavaScript's 1 << x truncates x and keeps only its low five bits; mirrored for identical results
        int shift = ((int) (Math.log(kib) / Math.log(2) + 0.5)) & 31;
        int length = 1 << shift;
        return Math.min(Math.max(MIN, length), MAX);
    }
}
