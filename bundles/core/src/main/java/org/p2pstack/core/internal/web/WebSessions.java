package org.p2pstack.core.internal.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.p2pstack.api.node.NodeEnvironment;

/**
 * Who may use the private site. Being on this computer is not enough (other local users share the loopback
 * interface), so the browser signs in once with a one-time link that only the owner's account can read: the
 * link sits in a 0600 file in the node's data folder, {@code bin/open} and the installer open the browser with
 * it, and {@code p2p:open} prints it. Redeeming it sets an HttpOnly, SameSite=Strict session cookie and writes
 * a fresh link. The anti-forgery token a page sends with its changes is derived from its session and a key
 * drawn at every start, so it changes at every start and every login.
 */
@Component(service = WebSessions.class)
public final class WebSessions {

    public static final String LOGIN_PATH = "/login";
    /** File in the core's data folder holding the current one-time link (owner-readable only). */
    public static final String LOGIN_LINK_FILE = "login-link";
    static final String SESSIONS_FILE = "sessions";
    /** Browsers signed in at once; the oldest session is forgotten beyond this. */
    static final int MAX_SESSIONS = 32;
    /** Longest lifetime browsers allow a cookie (Chromium caps Max-Age at 400 days). */
    static final long COOKIE_MAX_AGE_SECONDS = 400L * 24 * 3600;
    /** Session ids, login keys and tokens: 32 random bytes, base64url without padding. */
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern HASH_LINE = Pattern.compile("[0-9a-f]{64}");
    private static final String LEGACY_TOKEN_FILE = "web-token";

    private final SecureRandom random = new SecureRandom();
    private final Path dir;
    private final int privatePort;
    /** Drawn at every start: tokens handed out before the restart no longer match. */
    private final byte[] tokenKey = new byte[32];
    /** SHA-256 of each live session id, oldest first; the ids themselves are only in the browsers' cookies. */
    private final Map<String, Boolean> sessionHashes = new LinkedHashMap<>();
    private String loginKey;

    @Activate
    public WebSessions(@Reference NodeEnvironment environment) {
        this(environment.dataDir("core"), environment.privatePort());
    }

    WebSessions(Path dir, int privatePort) {
        this.dir = dir;
        this.privatePort = privatePort;
        random.nextBytes(tokenKey);
        try {
            Files.deleteIfExists(dir.resolve(LEGACY_TOKEN_FILE)); // the first release's token that never changed
            loadSessions();
            // a link written before this start is not trusted: it may have been read while the node was down
            rotateLoginKey();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the sign-in link in " + dir, e);
        }
    }

    /** The cookie's name: one per node, since browsers share cookies between the ports of 127.0.0.1. */
    public String cookieName() {
        return "p2pstack-session-" + privatePort;
    }

    /** The current one-time sign-in link. */
    public synchronized String loginLink() {
        return "http://127.0.0.1:" + privatePort + LOGIN_PATH + "?key=" + loginKey;
    }

    /** Where {@link #loginLink()} is kept for the launcher ({@code bin/open}). */
    public Path loginLinkFile() {
        return dir.resolve(LOGIN_LINK_FILE);
    }

    /**
     * Trades the one-time key for a new session id (the cookie's value), or empty when the key is not the
     * current one. A used key is replaced at once, so a link works only once.
     */
    public synchronized Optional<String> redeem(String key) {
        if (key == null || !SECRET.matcher(key).matches()
                || !MessageDigest.isEqual(key.getBytes(StandardCharsets.US_ASCII), loginKey.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        String session = newSecret();
        sessionHashes.put(hash(session), Boolean.TRUE);
        while (sessionHashes.size() > MAX_SESSIONS) {
            sessionHashes.remove(sessionHashes.keySet().iterator().next());
        }
        try {
            saveSessions();
            rotateLoginKey();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the new session in " + dir, e);
        }
        return Optional.of(session);
    }

    /** True when {@code session} (a cookie's value) belongs to a signed-in browser. */
    public synchronized boolean isSignedIn(String session) {
        return session != null && SECRET.matcher(session).matches() && sessionHashes.containsKey(hash(session));
    }

    /** Forgets one session (sign out). */
    public synchronized void signOut(String session) {
        if (session != null && sessionHashes.remove(hash(session)) != null) {
            try {
                saveSessions();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot save the sessions in " + dir, e);
            }
        }
    }

    /** The anti-forgery token for a signed-in session, valid until the node restarts. */
    public String token(String session) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(tokenKey, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(session.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** True when {@code token} is the current token of {@code session} (compared in constant time). */
    public boolean tokenMatches(String session, String token) {
        if (session == null || token == null || token.length() > 64) {
            return false;
        }
        return MessageDigest.isEqual(token(session).getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII));
    }

    /** The {@code Set-Cookie} value that signs a browser in. */
    public String cookieHeader(String session) {
        return cookieName() + "=" + session + "; Path=/; Max-Age=" + COOKIE_MAX_AGE_SECONDS + "; HttpOnly; SameSite=Strict";
    }

    /** The {@code Set-Cookie} value that removes the cookie. */
    public String expiredCookieHeader() {
        return cookieName() + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";
    }

    /** This node's session id from a raw {@code Cookie} header (several may be joined by the server), or null. */
    public String sessionFrom(List<String> cookieHeaders) {
        String prefix = cookieName() + "=";
        for (String header : cookieHeaders) {
            if (header == null || header.length() > 8192) {
                continue;
            }
            for (String part : header.split(";")) {
                String cookie = part.strip();
                if (cookie.startsWith(prefix)) {
                    String value = cookie.substring(prefix.length());
                    // RFC 6265 allows a quoted value (Java's CookieManager sends one)
                    boolean quoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
                    return quoted ? value.substring(1, value.length() - 1) : value;
                }
            }
        }
        return null;
    }

    private void rotateLoginKey() throws IOException {
        loginKey = newSecret();
        writePrivate(loginLinkFile(), loginLink() + "\n");
    }

    private void loadSessions() throws IOException {
        Path file = dir.resolve(SESSIONS_FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            if (HASH_LINE.matcher(line.strip()).matches() && sessionHashes.size() < MAX_SESSIONS) {
                sessionHashes.put(line.strip(), Boolean.TRUE);
            }
        }
    }

    private void saveSessions() throws IOException {
        List<String> lines = new ArrayList<>(sessionHashes.keySet());
        writePrivate(dir.resolve(SESSIONS_FILE), lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }

    /** Writes {@code text} readable by the owner only, replacing the file atomically. */
    private static void writePrivate(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data folder sits in the user's own profile
        }
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
