package org.p2pstack.torrent.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.p2pstack.api.torrent.TorrentInfo;

/** Where a torrent's .torrent file and web seed are, on both sites: the one place these paths are built. */
public final class TorrentUrls {

    /** Path of the web seed on both sites. */
    static final String WEB_SEED_PATH = "/webseed/";
    /** Path of the .torrent files on both sites. */
    static final String TORRENT_FILE_PATH = "/torrents/";

    private TorrentUrls() {
    }

    /** {@code /torrents/<info hash>.torrent} */
    public static String torrentFilePath(String infoHash) {
        return TORRENT_FILE_PATH + infoHash + ".torrent";
    }

    /** BEP 19 single-file web seed: the full file's path, ending in the file name ({@code /webseed/<info hash>/<name>}). */
    public static String webSeedPath(TorrentInfo info) {
        return WEB_SEED_PATH + info.infoHash() + "/" + URLEncoder.encode(info.name(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code path} below {@code base} ({@code http://127.0.0.1:8181}, {@code http://<b32>.b32.i2p}). */
    static String below(String base, String path) {
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}
