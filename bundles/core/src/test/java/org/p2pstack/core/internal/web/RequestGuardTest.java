package org.p2pstack.core.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestGuardTest {

    private final RequestGuard guard = new RequestGuard(8181);

    private static RequestGuard.Facts get(String path, String fetchSite, boolean signedIn) {
        return new RequestGuard.Facts("127.0.0.1", "GET", path, "127.0.0.1:8181", List.of("Host"), null, fetchSite, signedIn,
                false);
    }

    private static RequestGuard.Facts post(String origin, String fetchSite, boolean tokenValid) {
        return new RequestGuard.Facts("127.0.0.1", "POST", "/api/profile", "127.0.0.1:8181", List.of("Host", "Origin"),
                origin, fetchSite, true, tokenValid);
    }

    @Test
    void aSignedInBrowserReadsAndAnyoneLoadsThePages() {
        assertTrue(guard.check(get("/api/status", "same-origin", true)).allowed());
        assertTrue(guard.check(get("/api/status", null, true)).allowed());
        assertTrue(guard.check(get("/", null, false)).allowed());
        assertTrue(guard.check(get("/dapps/home/js/app.js", null, false)).allowed());
    }

    /** V3: being on this computer is not enough; every API needs the session, /api/session and /api/status too. */
    @ParameterizedTest
    @ValueSource(strings = { "/api/session", "/api/status", "/api/profile", "/api/friends/visit", "/api/events",
            "/dapps/stacks/api/summary", "/tracker", "/webseed/abc/x.webm", "/torrents/abc.torrent", "/ipfs/bafkqaaa",
            "/api/friends/abc.b32.i2p/avatar", "/unknown" })
    void everythingButThePagesNeedsTheSession(String path) {
        RequestGuard.Verdict verdict = guard.check(get(path, null, false));
        assertFalse(verdict.allowed(), path);
        assertEquals(401, verdict.status(), path);
        assertTrue(verdict.reason().contains("p2p:open"), verdict.reason());
    }

    /** V1/V2: a foreign page may link to the node's pages, but no navigation, iframe or img makes it act or read. */
    @ParameterizedTest
    @ValueSource(strings = { "cross-site", "same-site", "CROSS-SITE" })
    void otherSitesReachNothingButThePagesEvenWithTheCookie(String fetchSite) {
        for (String path : List.of("/api/friends/visit", "/api/friends/x.b32.i2p/avatar", "/api/session", "/ipfs/bafkqaaa",
                "/dapps/stacks/api/summary", "/dapps/stacks/api", "/tracker", "/webseed/a/b", "/login")) {
            RequestGuard.Verdict verdict = guard.check(get(path, fetchSite, true));
            assertFalse(verdict.allowed(), path);
            assertEquals(403, verdict.status(), path);
        }
        assertTrue(guard.check(get("/", fetchSite, false)).allowed());
        assertTrue(guard.check(get("/dapps/home/", fetchSite, false)).allowed());
    }

    @Test
    void signInNeedsNoSessionButMustNotComeFromAnotherSite() {
        assertTrue(guard.check(get("/login", "none", false)).allowed());
        assertTrue(guard.check(get("/login", null, false)).allowed());
        assertEquals(405, guard.check(new RequestGuard.Facts("127.0.0.1", "POST", "/login", "127.0.0.1:8181", List.of(),
                null, null, false, false)).status());
    }

    /** W1: the public site's and the content origin's namespaces are not mounted on the private origin. */
    @ParameterizedTest
    @ValueSource(strings = { "/public/profile.json", "/public", "/PUBLIC/media/x", "/gateway/ipfs/x", "/gateway" })
    void otherOriginsNamespacesAreNotHere(String path) {
        RequestGuard.Verdict verdict = guard.check(get(path, "same-origin", true));
        assertFalse(verdict.allowed());
        assertEquals(404, verdict.status());
    }

    @Test
    void staticFilesAreTheHomePageAndDappRootsOnly() {
        assertTrue(RequestGuard.isStaticFile("/"));
        assertTrue(RequestGuard.isStaticFile("/dapps/home"));
        assertTrue(RequestGuard.isStaticFile("/dapps/home/js/stream-worker.js"));
        assertTrue(RequestGuard.isStaticFile("/dapps/stacks/apis.html"));
        assertFalse(RequestGuard.isStaticFile("/dapps/stacks/api"));
        assertFalse(RequestGuard.isStaticFile("/dapps/stacks/api/summary"));
        assertFalse(RequestGuard.isStaticFile("/api/status"));
        assertFalse(RequestGuard.isStaticFile("/ipfs/x"));
        assertFalse(RequestGuard.isStaticFile("/dapps/guestbook/_p2p"));
        assertFalse(RequestGuard.isStaticFile("/dapps/guestbook/_p2p/ipfs/bafkqaaa"));
        assertTrue(RequestGuard.isStaticFile("/dapps/guestbook/_p2pnotes.html"));
    }

    /** The per-dApp p2p endpoints act for the owner: the session, no other site, and the token for changes. */
    @Test
    void dappP2pEndpointsAreGuardedLikeTheApis() {
        for (String path : List.of("/dapps/guestbook/_p2p/ipfs/bafkqaaa", "/dapps/guestbook/_p2p/swarm/events",
                "/dapps/guestbook/_p2p")) {
            RequestGuard.Verdict unsigned = guard.check(get(path, null, false));
            assertEquals(401, unsigned.status(), path);
            RequestGuard.Verdict crossSite = guard.check(get(path, "cross-site", true));
            assertEquals(403, crossSite.status(), path);
            assertTrue(guard.check(get(path, "same-origin", true)).allowed(), path);
        }
        String add = "/dapps/guestbook/_p2p/ipfs";
        assertEquals(401, guard.check(new RequestGuard.Facts("127.0.0.1", "POST", add, "127.0.0.1:8181", List.of(), null,
                null, false, true)).status());
        assertEquals(403, guard.check(new RequestGuard.Facts("127.0.0.1", "POST", add, "127.0.0.1:8181", List.of(),
                "http://evil.example", "cross-site", true, true)).status());
        assertEquals(403, guard.check(new RequestGuard.Facts("127.0.0.1", "POST", add, "127.0.0.1:8181", List.of(),
                "http://127.0.0.1:8181", "same-origin", true, false)).status());
        assertTrue(guard.check(new RequestGuard.Facts("127.0.0.1", "POST", add, "127.0.0.1:8181", List.of(),
                "http://127.0.0.1:8181", "same-origin", true, true)).allowed());
    }

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1", "[::1]" })
    void loopbackAddressesAreAccepted(String address) {
        assertTrue(RequestGuard.isLoopback(address));
    }

    @ParameterizedTest
    @ValueSource(strings = { "192.168.1.10", "10.0.0.1", "8.8.8.8", "fe80::1", "localhost", "example.org", "",
            "::ffff:8.8.8.8" })
    void otherAddressesAreRefused(String address) {
        assertFalse(RequestGuard.isLoopback(address));
        var verdict = guard.check(new RequestGuard.Facts(address, "GET", "/", "127.0.0.1:8181", List.of(), null, null, true,
                true));
        assertFalse(verdict.allowed());
        assertEquals(403, verdict.status());
    }

    @ParameterizedTest
    @ValueSource(strings = { "X-I2P-DestB32", "x-i2p-destb64", "X-I2P-DestHash", "X-I2P-Anything", "X-P2PStack-Tunnel" })
    void anythingThatCameThroughI2pIsRefused(String header) {
        var verdict = guard.check(new RequestGuard.Facts("127.0.0.1", "GET", "/", "127.0.0.1:8181", List.of("Host", header),
                null, null, true, true));
        assertFalse(verdict.allowed());
        assertTrue(verdict.reason().contains("I2P"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "evil.example:8181", "127.0.0.1:8182", "127.0.0.1", "localhost.evil.com:8181", "0x7f000001:8181" })
    void foreignHostNamesAreRefused(String host) {
        assertFalse(guard.check(new RequestGuard.Facts("127.0.0.1", "GET", "/", host, List.of("Host"), null, null, true, true))
                .allowed());
    }

    @Test
    void missingHostIsRefused() {
        assertFalse(guard.check(new RequestGuard.Facts("127.0.0.1", "GET", "/", null, List.of(), null, null, true, true))
                .allowed());
    }

    @Test
    void ownHostNamesAreAccepted() {
        for (String host : List.of("127.0.0.1:8181", "localhost:8181", "LOCALHOST:8181", "[::1]:8181")) {
            assertTrue(guard.check(new RequestGuard.Facts("::1", "GET", "/", host, List.of("Host"), null, null, false, false))
                    .allowed(), host);
        }
    }

    @Test
    void sameOriginChangeWithTokenIsAllowed() {
        assertTrue(guard.check(post("http://127.0.0.1:8181", "same-origin", true)).allowed());
        // scripts of the owner send neither Origin nor Sec-Fetch-Site but still need the cookie and the token
        assertTrue(guard.check(post(null, null, true)).allowed());
    }

    @Test
    void changeWithoutOrWithWrongTokenIsRefused() {
        assertFalse(guard.check(post("http://127.0.0.1:8181", "same-origin", false)).allowed());
        assertFalse(guard.check(post(null, null, false)).allowed());
    }

    @Test
    void changeWithoutSessionIsRefusedEvenWithAToken() {
        var verdict = guard.check(new RequestGuard.Facts("127.0.0.1", "POST", "/api/profile", "127.0.0.1:8181", List.of(),
                null, null, false, true));
        assertEquals(401, verdict.status());
    }

    @Test
    void crossSiteChangesAreRefusedEvenWithToken() {
        assertFalse(guard.check(post("http://evil.example", "cross-site", true)).allowed());
        assertFalse(guard.check(post("null", null, true)).allowed());
        assertFalse(guard.check(post("http://127.0.0.1:8182", "same-site", true)).allowed());
        assertFalse(guard.check(post(null, "cross-site", true)).allowed());
        assertFalse(guard.check(post("http://evil.example", null, true)).allowed());
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            assertFalse(guard.check(new RequestGuard.Facts("127.0.0.1", method, "/api/x", "127.0.0.1:8181", List.of(),
                    "http://evil.example", "cross-site", true, true)).allowed(), method);
        }
        // a change is never a "static file", even at a page's address
        assertFalse(guard.check(new RequestGuard.Facts("127.0.0.1", "POST", "/", "127.0.0.1:8181", List.of(),
                "http://evil.example", "cross-site", true, true)).allowed());
    }
}
