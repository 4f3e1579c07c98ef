package org.p2pstack.torrent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

import org.p2pstack.api.torrent.TorrentInfo;

/** BitTorrent v1 metainfo (BEP 3) of a single file: the info dictionary and what is derived from it. */
public final class Metainfo {

    /** Longest torrent name accepted (a file name, not a path). */
    public static final int MAX_NAME = 255;
    private static final int READ_BUFFER = 1 << 16;

    private final String name;
    private final long length;
    private final int pieceLength;
    private final byte[] pieces;
    private final String infoHash;

    Metainfo(String name, long length, int pieceLength, byte[] pieces) {
        this.name = name;
        this.length = length;
        this.pieceLength = pieceLength;
        this.pieces = pieces.clone();
        this.infoHash = HexFormat.of().formatHex(sha1(Bencode.encode(info())));
    }

    /**
     * Hashes {@code file} piece by piece, streamed; {@code progress} gets 0..1. An empty file is refused:
     * BitTorrent has no way to describe zero bytes.
     */
    public static Metainfo hash(Path file, String name, DoubleConsumer progress) throws IOException {
        checkName(name);
        long length = Files.size(file);
        if (length == 0) {
            throw new IOException("An empty file cannot be shared as a torrent: " + file.getFileName());
        }
        int pieceLength = PieceLength.forSize(length);
        long pieceCount = (length + pieceLength - 1) / pieceLength;
        byte[] pieces = new byte[Math.toIntExact(pieceCount * 20)];
        MessageDigest sha1 = newSha1();
        byte[] buffer = new byte[READ_BUFFER];
        long done = 0;
        int inPiece = 0;
        int piece = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (done < length) {
                int wanted = (int) Math.min(buffer.length, Math.min(pieceLength - inPiece, length - done));
                int read = in.read(buffer, 0, wanted);
                if (read < 0) {
                    throw new IOException("The file became shorter while it was being hashed: " + file.getFileName());
                }
                sha1.update(buffer, 0, read);
                inPiece += read;
                done += read;
                if (inPiece == pieceLength || done == length) {
                    System.arraycopy(sha1.digest(), 0, pieces, piece * 20, 20);
                    piece++;
                    inPiece = 0;
                    progress.accept((double) done / length);
                }
            }
        }
        return new Metainfo(name, length, pieceLength, pieces);
    }

    /** Rebuilds metainfo from a stored info dictionary. */
    public static Metainfo fromInfo(Map<?, ?> info) throws IOException {
        try {
            String name = new String((byte[]) info.get("name"), java.nio.charset.StandardCharsets.UTF_8);
            checkName(name);
            long length = (Long) info.get("length");
            long pieceLength = (Long) info.get("piece length");
            byte[] pieces = (byte[]) info.get("pieces");
            if (length <= 0 || pieceLength < PieceLength.MIN || pieceLength > PieceLength.MAX
                    || pieces.length != (length + pieceLength - 1) / pieceLength * 20) {
                throw new IOException("Inconsistent stored torrent");
            }
            return new Metainfo(name, length, (int) pieceLength, pieces);
        } catch (ClassCastException | NullPointerException e) {
            throw new IOException("Malformed stored torrent", e);
        }
    }

    private static void checkName(String name) throws IOException {
        if (name == null || name.isBlank() || name.length() > MAX_NAME || name.contains("/") || name.contains("\\")
                || name.equals(".") || name.equals("..") || name.chars().anyMatch(Character::isISOControl)) {
            throw new IOException("Invalid file name for a torrent: " + name);
        }
    }

    /** The info dictionary whose SHA-1 is the info hash. */
    public Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("length", length);
        info.put("name", name);
        info.put("piece length", (long) pieceLength);
        info.put("pieces", pieces.clone());
        return info;
    }

    /** A complete .torrent file announcing {@code trackers} (may be none) with the given web seeds. */
    public byte[] torrentFile(List<String> trackers, List<String> webSeeds, long creationDate) {
        Map<String, Object> torrent = new LinkedHashMap<>();
        torrent.put("info", info());
        if (!trackers.isEmpty()) {
            torrent.put("announce", trackers.get(0));
            torrent.put("announce-list", trackers.stream().map(List::of).toList());
        }
        torrent.put("url-list", webSeeds);
        torrent.put("created by", "p2pstack");
        torrent.put("creation date", creationDate);
        torrent.put("encoding", "UTF-8");
        return Bencode.encode(torrent);
    }

    public TorrentInfo toInfo() {
        return new TorrentInfo(infoHash, name, length, pieceLength, pieces.length / 20);
    }

    public String infoHash() {
        return infoHash;
    }

    public String name() {
        return name;
    }

    public long length() {
        return length;
    }

    static byte[] sha1(byte[] data) {
        return newSha1().digest(data);
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
