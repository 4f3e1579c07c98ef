package org.p2pstack.core.internal.dapp;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.p2pstack.api.dapp.Dapp;
import org.p2pstack.api.dapp.DappHeaders;
import org.p2pstack.api.dapp.DappPermission;

/**
 * Reads dApp metadata from a bundle's manifest headers. A bundle without {@link DappHeaders#NAME} is not
 * a dApp; one with invalid metadata is refused with a message saying what is wrong (it is written by a
 * third party, so every field is bounded).
 */
public final class DappManifest {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    static final int MAX_TITLE = 60;
    static final int MAX_DESCRIPTION = 280;
    static final int MAX_PATH = 200;
    static final String DEFAULT_WEB_ROOT = "web";
    static final int MAX_PERMISSIONS_HEADER = 400;

    private DappManifest() {
    }

    /** Thrown for a bundle that claims to be a dApp but whose metadata is unusable. */
    public static final class InvalidDappException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidDappException(String message) {
            super(message);
        }
    }

    /**
     * @param headers   manifest header lookup (localized values are fine)
     * @param bundleId  the bundle's id
     * @return the dApp, or empty when the bundle is not a dApp at all
     */
    public static Optional<Dapp> parse(UnaryOperator<String> headers, long bundleId) throws InvalidDappException {
        String name = trimmed(headers.apply(DappHeaders.NAME));
        if (name == null) {
            return Optional.empty();
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidDappException("dApp name '" + shorten(name)
                    + "' must be 1-32 lower-case letters, digits or dashes, starting with a letter");
        }
        String title = trimmed(headers.apply(DappHeaders.TITLE));
        if (title == null) {
            title = trimmed(headers.apply("Bundle-Name"));
        }
        if (title == null) {
            title = name;
        }
        requireMax(title, MAX_TITLE, "title");
        requirePrintable(title, "title");
        String description = trimmed(headers.apply(DappHeaders.DESCRIPTION));
        if (description != null) {
            requireMax(description, MAX_DESCRIPTION, "description");
            requirePrintable(description, "description");
        }
        String webRoot = trimmed(headers.apply(DappHeaders.WEB_ROOT));
        webRoot = webRoot == null ? DEFAULT_WEB_ROOT : stripSlashes(webRoot);
        requireSafePath(webRoot, "web root");
        String icon = trimmed(headers.apply(DappHeaders.ICON));
        if (icon != null) {
            icon = stripSlashes(icon);
            requireSafePath(icon, "icon");
        }
        String version = trimmed(headers.apply("Bundle-Version"));
        Set<DappPermission> permissions = permissions(trimmed(headers.apply(DappHeaders.PERMISSIONS)));
        return Optional.of(new Dapp(name, title, description, version, webRoot, icon, bundleId, permissions));
    }

    /** The permissions of a {@link DappHeaders#PERMISSIONS} value; an unknown word is an error, never skipped. */
    static Set<DappPermission> permissions(String header) throws InvalidDappException {
        Set<DappPermission> permissions = DappPermission.none();
        if (header == null) {
            return permissions;
        }
        requireMax(header, MAX_PERMISSIONS_HEADER, "permission list");
        for (String word : header.split(",")) {
            if (word.isBlank()) {
                continue;
            }
            DappPermission permission = DappPermission.fromHeaderValue(word).orElse(null);
            if (permission == null) {
                throw new InvalidDappException("dApp permission '" + shorten(word.strip()) + "' is unknown; the known ones are "
                        + Arrays.stream(DappPermission.values()).map(DappPermission::headerValue)
                                .collect(Collectors.joining(", ")));
            }
            permissions.add(permission);
        }
        return permissions;
    }

    /**
     * True when {@code path} (relative, '/'-separated) stays inside its root: no empty, '.' or '..'
     * segments, no backslashes or control characters.
     */
    public static boolean isSafeRelativePath(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_PATH || path.startsWith("/")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return path.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '\\' || c == ':');
    }

    private static void requireSafePath(String path, String what) throws InvalidDappException {
        if (!isSafeRelativePath(path)) {
            throw new InvalidDappException("dApp " + what + " '" + shorten(path) + "' must be a relative path inside the jar");
        }
    }

    private static void requireMax(String value, int max, String what) throws InvalidDappException {
        if (value.length() > max) {
            throw new InvalidDappException("dApp " + what + " is longer than " + max + " characters");
        }
    }

    private static void requirePrintable(String value, String what) throws InvalidDappException {
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidDappException("dApp " + what + " contains control characters");
        }
    }

    private static String stripSlashes(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static String trimmed(String value) {
        if (value == null) {
            return null;
        }
        String t = value.strip();
        return t.isEmpty() ? null : t;
    }

    private static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
