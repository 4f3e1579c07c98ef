package org.p2pstack.torrent.internal.tracker;

/**
 * The WebTorrent tracker protocol over WebSocket (as the npm {@code bittorrent-tracker} server speaks it):
 * JSON messages whose {@code info_hash}, {@code peer_id}, {@code to_peer_id} and {@code offer_id} are
 * 20-character "binary strings" (one character per byte).
 */
public final class TrackerMessages {

    /** Largest message accepted from a browser (an SDP offer is a few KiB; ten of them fit easily). */
    public static final int MAX_MESSAGE = 64 * 1024;
    /** Most offers relayed for one announce. */
    public static final int MAX_OFFERS = 10;
    /** Seconds between announces that the tracker asks for. */
    public static final int INTERVAL_SECONDS = 120;

    private TrackerMessages() {
    }

    /** True for a 20-character binary string. */
    public static boolean isId(String value) {
        if (value == null || value.length() != 20) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xff) {
                return false;
            }
        }
        return true;
    }

    /** Hex form of a binary string, used as the map key. */
    public static String hex(String binary) {
        StringBuilder out = new StringBuilder(40);
        for (int i = 0; i < binary.length(); i++) {
            out.append(Character.forDigit(binary.charAt(i) >> 4 & 0xf, 16)).append(Character.forDigit(binary.charAt(i) & 0xf, 16));
        }
        return out.toString();
    }

    /** Binary string of a hex key. */
    public static String binary(String hex) {
        StringBuilder out = new StringBuilder(hex.length() / 2);
        for (int i = 0; i < hex.length(); i += 2) {
            out.append((char) Integer.parseInt(hex.substring(i, i + 2), 16));
        }
        return out.toString();
    }
}
