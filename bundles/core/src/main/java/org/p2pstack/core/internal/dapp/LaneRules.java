package org.p2pstack.core.internal.dapp;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.p2pstack.api.dapp.DappHeaders;
import org.p2pstack.api.dapp.DappPermission;

/**
 * What a dApp may register with the web server and which of the node's services it may see. Pure logic, so every
 * rule has a unit test; {@link DappLanes} applies it through the framework's service hooks.
 *
 * <p>A dApp's lane on the private site is {@code /dapps/<name>/}; with {@link DappPermission#PUBLIC_SITE} also
 * {@code /public/dapps/<name>/} (the public site shows it as {@code /dapps/<name>/}). Anything else that would reach
 * the web server from a dApp — other paths, extension patterns, error pages, listeners, filters by regex or by
 * servlet name, its own servlet contexts, Pax Web's own mapping objects — is refused.
 */
final class LaneRules {

    static final String WHITEBOARD = "osgi.http.whiteboard.";
    static final String PUBLIC_LANE_PREFIX = "/public" + DappHeaders.URL_PREFIX;
    private static final List<String> PATTERN_KEYS = List.of("osgi.http.whiteboard.servlet.pattern",
            "osgi.http.whiteboard.filter.pattern", "osgi.http.whiteboard.resource.pattern", "alias", "urlPatterns");
    private static final List<String> REFUSED_KEYS = List.of("osgi.http.whiteboard.servlet.errorPage",
            "osgi.http.whiteboard.filter.regex", "osgi.http.whiteboard.filter.servlet", "osgi.http.whiteboard.listener",
            "osgi.http.whiteboard.context.name", "osgi.http.whiteboard.context.path", "error-page", "filter-servlet-names");
    private static final Set<String> WEB_TYPES_ALLOWED = Set.of("javax.servlet.Servlet", "javax.servlet.Filter",
            "javax.servlet.http.HttpServlet", "javax.servlet.GenericServlet");
    private static final Map<String, Optional<DappPermission>> GUARDED_SERVICES = Map.ofEntries(
            Map.entry("org.p2pstack.api.ipfs.IpfsService", Optional.of(DappPermission.IPFS)),
            Map.entry("org.p2pstack.api.swarm.HypercoreService", Optional.of(DappPermission.HYPERCORE)),
            Map.entry("org.p2pstack.api.swarm.SwarmService", Optional.of(DappPermission.SWARM)),
            Map.entry("org.p2pstack.api.content.ContentLibrary", Optional.of(DappPermission.CONTENT_READ)),
            Map.entry("org.p2pstack.api.profile.ProfileService", Optional.of(DappPermission.PROFILE_READ)),
            Map.entry("org.p2pstack.api.follow.FollowService", Optional.of(DappPermission.FRIENDS_READ)),
            Map.entry("org.p2pstack.api.directory.Directory", Optional.of(DappPermission.DIRECTORY_READ)),
            Map.entry("org.p2pstack.api.chat.ChatService", Optional.of(DappPermission.CHAT)),
            // the node's identity and its torrents: no permission hands them to a dApp
            Map.entry("org.p2pstack.api.i2p.I2pService", Optional.empty()),
            Map.entry("org.p2pstack.api.torrent.TorrentService", Optional.empty()),
            // the web server's own registration APIs would let a dApp mount pages anywhere, around the whiteboard lanes
            Map.entry("org.osgi.service.http.HttpService", Optional.empty()),
            Map.entry("org.ops4j.pax.web.service.WebContainer", Optional.empty()));

    private LaneRules() {
    }

    /** What a dApp may do; {@code name} is null for a bundle that claims to be a dApp with an unusable name. */
    record Lane(String name, Set<DappPermission> permissions) {
        String privatePrefix() {
            return DappHeaders.URL_PREFIX + name + "/";
        }

        String publicPrefix() {
            return PUBLIC_LANE_PREFIX + name + "/";
        }
    }

    /** Null when the registration may stand, else the plain-words reason it was refused. */
    static String refusal(Lane lane, String[] objectClasses, Map<String, Object> properties) {
        if (!isWebRegistration(objectClasses, properties)) {
            return null;
        }
        String what = describe(objectClasses, properties);
        if (lane.name() == null) {
            return what + ": a bundle with an invalid dApp name has no pages";
        }
        for (String type : objectClasses) {
            if (isWebType(type) && !WEB_TYPES_ALLOWED.contains(type)) {
                return what + ": a dApp may register servlets, filters and resources, not " + type;
            }
        }
        for (String key : REFUSED_KEYS) {
            if (properties.get(key) != null) {
                return what + ": a dApp may not set " + key + " (it would reach beyond " + lane.privatePrefix() + ")";
            }
        }
        Object select = properties.get("osgi.http.whiteboard.context.select");
        if (select != null && !String.valueOf(select).replace(" ", "").equals("(osgi.http.whiteboard.context.name=default)")) {
            return what + ": a dApp is served in the node's own web context only";
        }
        List<String> patterns = patterns(properties);
        if (patterns.isEmpty()) {
            return what + ": it names no path below " + lane.privatePrefix();
        }
        for (String pattern : patterns) {
            String verdict = patternRefusal(lane, pattern);
            if (verdict != null) {
                return what + ": " + verdict;
            }
        }
        return null;
    }

    static String patternRefusal(Lane lane, String pattern) {
        String p = pattern == null ? "" : pattern.strip();
        if (p.contains("..") || p.contains("\\") || p.contains("%")) {
            return "the path " + p + " is not a plain path";
        }
        if (inside(p, lane.privatePrefix())) {
            return null;
        }
        if (inside(p, lane.publicPrefix())) {
            return lane.permissions().contains(DappPermission.PUBLIC_SITE) ? null
                    : "it serves " + p + " on the public site without the 'public-site' permission";
        }
        return "the path " + p + " is outside its lane " + lane.privatePrefix();
    }

    private static boolean inside(String pattern, String prefix) {
        String bare = prefix.substring(0, prefix.length() - 1);
        return pattern.equals(bare) || pattern.equals(bare + "/*") || pattern.startsWith(prefix) && !pattern.startsWith(prefix + "..");
    }

    /**
     * Null when a dApp with these permissions may see the service, else why not. Services not listed are part of
     * every dApp's contract (status, dApp registry, page events, environment).
     */
    static String hiddenService(Lane lane, String[] objectClasses) {
        for (String type : objectClasses) {
            Optional<DappPermission> needed = GUARDED_SERVICES.get(type);
            if (needed == null) {
                continue;
            }
            if (needed.isEmpty()) {
                return type + " is not available to dApps";
            }
            if (!lane.permissions().contains(needed.get())) {
                return type + " needs the '" + needed.get().headerValue() + "' permission";
            }
        }
        return null;
    }

    static boolean isWebRegistration(String[] objectClasses, Map<String, Object> properties) {
        for (String type : objectClasses) {
            if (isWebType(type)) {
                return true;
            }
        }
        for (String key : properties.keySet()) {
            if (key.startsWith(WHITEBOARD) || key.equals("alias") || key.equals("urlPatterns")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWebType(String type) {
        return type.startsWith("javax.servlet.") || type.startsWith("jakarta.servlet.")
                || type.startsWith("org.ops4j.pax.web.") || type.startsWith("org.osgi.service.http.")
                || type.startsWith("org.osgi.service.servlet.");
    }

    static List<String> patterns(Map<String, Object> properties) {
        List<String> out = new ArrayList<>();
        for (String key : PATTERN_KEYS) {
            Object value = properties.get(key);
            if (value instanceof String s) {
                out.add(s);
            } else if (value instanceof Collection<?> c) {
                c.forEach(v -> out.add(String.valueOf(v)));
            } else if (value != null && value.getClass().isArray()) {
                for (int i = 0; i < Array.getLength(value); i++) {
                    out.add(String.valueOf(Array.get(value, i)));
                }
            }
        }
        return out;
    }

    private static String describe(String[] objectClasses, Map<String, Object> properties) {
        List<String> patterns = patterns(properties);
        String type = objectClasses.length == 0 ? "a service" : objectClasses[0].substring(objectClasses[0].lastIndexOf('.') + 1);
        return "its " + type + (patterns.isEmpty() ? "" : " at " + String.join(", ", patterns)) + " was refused";
    }
}
