package org.p2pstack.core.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSessionsTest {

    private static String key(String link) {
        return link.substring(link.indexOf("key=") + 4);
    }

    @Test
    void theLinkIsInAnOwnerOnlyFileAndWorksOnce(@TempDir Path dir) throws Exception {
        WebSessions sessions = new WebSessions(dir, 8181);
        Path file = dir.resolve(WebSessions.LOGIN_LINK_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String link = Files.readString(file).strip();
        assertEquals(sessions.loginLink(), link);
        assertTrue(link.startsWith("http://127.0.0.1:8181/login?key="));

        String session = sessions.redeem(key(link)).orElseThrow();
        assertTrue(sessions.isSignedIn(session));
        assertTrue(sessions.redeem(key(link)).isEmpty(), "a used link does not work again");
        assertNotEquals(link, Files.readString(file).strip(), "a fresh link replaces the used one");
        assertTrue(sessions.redeem("x".repeat(43)).isEmpty());
        assertTrue(sessions.redeem(null).isEmpty());
        assertFalse(sessions.isSignedIn("x".repeat(43)));
        assertFalse(sessions.isSignedIn(null));
    }

    @Test
    void sessionsSurviveARestartButTokensAndLinksDoNot(@TempDir Path dir) throws Exception {
        WebSessions before = new WebSessions(dir, 8181);
        String session = before.redeem(key(before.loginLink())).orElseThrow();
        String token = before.token(session);
        String linkBefore = before.loginLink();
        assertTrue(before.tokenMatches(session, token));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(WebSessions.SESSIONS_FILE))));
        assertFalse(Files.readString(dir.resolve(WebSessions.SESSIONS_FILE)).contains(session), "only hashes are stored");

        WebSessions after = new WebSessions(dir, 8181);
        assertTrue(after.isSignedIn(session), "a restart does not sign the browser out");
        assertNotEquals(token, after.token(session), "W4: the token changes at every start");
        assertFalse(after.tokenMatches(session, token));
        assertTrue(after.redeem(key(linkBefore)).isEmpty(), "a link written before the restart is void");
    }

    @Test
    void eachLoginHasItsOwnToken(@TempDir Path dir) {
        WebSessions sessions = new WebSessions(dir, 8181);
        String a = sessions.redeem(key(sessions.loginLink())).orElseThrow();
        String b = sessions.redeem(key(sessions.loginLink())).orElseThrow();
        assertNotEquals(sessions.token(a), sessions.token(b));
        assertFalse(sessions.tokenMatches(a, sessions.token(b)));
        sessions.signOut(a);
        assertFalse(sessions.isSignedIn(a));
        assertTrue(sessions.isSignedIn(b));
    }

    @Test
    void theOldestSessionsAreForgottenBeyondTheLimit(@TempDir Path dir) {
        WebSessions sessions = new WebSessions(dir, 8181);
        String first = sessions.redeem(key(sessions.loginLink())).orElseThrow();
        for (int i = 0; i < WebSessions.MAX_SESSIONS; i++) {
            sessions.redeem(key(sessions.loginLink())).orElseThrow();
        }
        assertFalse(sessions.isSignedIn(first));
    }

    @Test
    void theCookieIsHttpOnlyStrictAndNamedPerNode(@TempDir Path dir) {
        WebSessions sessions = new WebSessions(dir, 9181);
        String header = sessions.cookieHeader("s".repeat(43));
        assertTrue(header.startsWith("p2pstack-session-9181=" + "s".repeat(43)));
        assertTrue(header.contains("HttpOnly"));
        assertTrue(header.contains("SameSite=Strict"));
        assertEquals("abc", sessions.sessionFrom(List.of("p2pstack-session-8181=zzz; p2pstack-session-9181=abc")));
        assertEquals(null, sessions.sessionFrom(List.of("p2pstack-session-8181=zzz")));
        assertEquals("abc", sessions.sessionFrom(List.of("$Version=\"1\"; p2pstack-session-9181=\"abc\"; $Path=\"/\"")));
    }

    @Test
    void theFirstReleasesTokenFileIsRemoved(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("web-token"), "t".repeat(43));
        new WebSessions(dir, 8181);
        assertFalse(Files.exists(dir.resolve("web-token")));
    }
}
