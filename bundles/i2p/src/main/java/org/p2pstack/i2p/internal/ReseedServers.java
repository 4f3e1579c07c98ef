package org.p2pstack.i2p.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.p2pstack.api.node.NodeEnvironment;

/**
 * The reseed servers of {@code reseed.url}: a comma- or space-separated list of base URLs. I2P's
 * {@code Reseeder} appends {@value #SU3_NAME}{@code ?netid=<network id>} to each, so a base URL ends in
 * {@code /} and has no query; a URL naming {@value #SU3_NAME} itself is cut to its folder.
 */
final class ReseedServers {

    /** Bounds of the setting. */
    static final int MAX_URLS = 16;
    static final int MAX_URL_CHARS = 1024;

    /** The file a reseed server serves (I2P's {@code Reseeder.SU3_FILENAME}). */
    static final String SU3_NAME = "i2pseeds.su3";

    private ReseedServers() {
    }

    /** Parses the setting; empty for a null or blank value. */
    static List<URI> parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return List.of();
        }
        List<URI> urls = new ArrayList<>();
        for (String token : setting.strip().split("[,\\s]+")) {
            if (urls.size() == MAX_URLS) {
                throw new IllegalArgumentException("reseed.url: at most " + MAX_URLS + " servers");
            }
            urls.add(parseOne(token));
        }
        return List.copyOf(urls);
    }

    private static URI parseOne(String s) {
        if (s.length() > MAX_URL_CHARS) {
            throw new IllegalArgumentException("reseed.url: a URL is longer than " + MAX_URL_CHARS + " characters");
        }
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("reseed.url: not a URL: " + s);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("reseed.url: " + s + " must start with https:// (or http://)");
        }
        if (u.getHost() == null || u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("reseed.url: " + s + " must name a host (and no user)");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            // the router appends "i2pseeds.su3?netid=..." to the URL as text
            throw new IllegalArgumentException("reseed.url: " + s + " must not have a query or fragment");
        }
        String path = u.getPath() == null || u.getPath().isEmpty() ? "/" : u.getPath();
        if (path.endsWith("/" + SU3_NAME)) {
            path = path.substring(0, path.length() - SU3_NAME.length());
        } else if (!path.endsWith("/")) {
            path = path + "/";
        }
        try {
            return new URI(scheme, null, u.getHost().toLowerCase(Locale.ROOT), u.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("reseed.url: not a URL: " + s);
        }
    }

    /** The router's {@code i2p.reseedURL}. */
    static String join(List<URI> urls) {
        return urls.stream().map(URI::toString).collect(Collectors.joining(","));
    }

    /** Whether a local-network-only node may use all of them: loopback or the test networks' 198.18.0.0/15. */
    static boolean allOnLocalNetwork(List<URI> urls) {
        return urls.stream().allMatch(u -> NodeEnvironment.isLocalNetworkAddress(u.getHost()));
    }

    static boolean allHttps(List<URI> urls) {
        return urls.stream().allMatch(u -> u.getScheme().equals("https"));
    }
}
