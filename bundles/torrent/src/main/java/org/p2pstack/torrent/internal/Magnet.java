package org.p2pstack.torrent.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.p2pstack.api.torrent.TorrentInfo;

/** Magnet URIs (BEP 9) with web seeds ({@code ws=}) and trackers ({@code tr=}), as webtorrent reads them. */
public final class Magnet {

    private Magnet() {
    }

    public static String of(TorrentInfo torrent, List<String> trackers, List<String> webSeeds, Optional<String> torrentFile) {
        StringBuilder uri = new StringBuilder("magnet:?xt=urn:btih:").append(torrent.infoHash());
        uri.append("&dn=").append(encode(torrent.name()));
        uri.append("&xl=").append(torrent.length());
        trackers.forEach(t -> uri.append("&tr=").append(encode(t)));
        webSeeds.forEach(w -> uri.append("&ws=").append(encode(w)));
        torrentFile.ifPresent(xs -> uri.append("&xs=").append(encode(xs)));
        return uri.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
