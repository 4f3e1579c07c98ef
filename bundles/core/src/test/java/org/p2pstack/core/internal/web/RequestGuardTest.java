package org.p2pstack.core.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestGuardTest {

    private static final String TOKEN = "t".repeat(43);
    private final RequestGuard guard = new RequestGuard(8181, TOKEN);

    private static RequestGuard.Facts get(String path) {
        return new RequestGuard.Facts("127.0.0.1", "GET", path, "127.0.0.1:8181", List.of("Host"), null, null, null, null);
    }

    private static RequestGuard.Facts post(String origin, String fetchSite, String token) {
        return new RequestGuard.Facts("127.0.0.1", "POST", "/api/profile", "127.0.0.1:8181", List.of("Host", "Origin"),
                origin, fetchSite, "cors", token);
    }

    @Test
    void plainLocalReadIsAllowed() {
        assertTrue(guard.check(get("/api/status")).allowed());
        assertTrue(guard.check(get("/")).allowed());
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
        var verdict = guard.check(new RequestGuard.Facts(address, "GET", "/api/status", "127.0.0.1:8181", List.of(), null,
                null, null, null));
        assertFalse(verdict.allowed());
        assertEquals(403, verdict.status());
    }

    @ParameterizedTest
    @ValueSource(strings = { "X-I2P-DestB32", "x-i2p-destb64", "X-I2P-DestHash", "X-I2P-Anything" })
    void anythingThatCameThroughI2pIsRefused(String header) {
        var verdict = guard.check(new RequestGuard.Facts("127.0.0.1", "GET", "/api/status", "127.0.0.1:8181",
                List.of("Host", header), null, null, null, null));
        assertFalse(verdict.allowed());
        assertTrue(verdict.reason().contains("I2P"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "evil.example:8181", "127.0.0.1:8182", "127.0.0.1", "localhost.evil.com:8181" })
    void foreignHostNamesAreRefused(String host) {
        assertFalse(guard.check(new RequestGuard.Facts("127.0.0.1", "GET", "/", host, List.of("Host"), null, null, null,
                null)).allowed());
    }

    @Test
    void missingHostIsRefused() {
        assertFalse(guard.check(new RequestGuard.Facts("127.0.0.1", "GET", "/", null, List.of(), null, null, null, null))
                .allowed());
    }

    @Test
    void ownHostNamesAreAccepted() {
        for (String host : List.of("127.0.0.1:8181", "localhost:8181", "LOCALHOST:8181", "[::1]:8181")) {
            assertTrue(guard.check(new RequestGuard.Facts("::1", "GET", "/", host, List.of("Host"), null, null, null, null))
                    .allowed(), host);
        }
    }

    @Test
    void sameOriginChangeWithTokenIsAllowed() {
        assertTrue(guard.check(post("http://127.0.0.1:8181", "same-origin", TOKEN)).allowed());
        // non-browser clients (scripts) send neither Origin nor Sec-Fetch-Site but still need the token
        assertTrue(guard.check(post(null, null, TOKEN)).allowed());
    }

    @Test
    void changeWithoutOrWithWrongTokenIsRefused() {
        assertFalse(guard.check(post("http://127.0.0.1:8181", "same-origin", null)).allowed());
        assertFalse(guard.check(post("http://127.0.0.1:8181", "same-origin", "x".repeat(43))).allowed());
        assertFalse(guard.check(post(null, null, "")).allowed());
    }

    @Test
    void crossSiteChangesAreRefusedEvenWithToken() {
        assertFalse(guard.check(post("http://evil.example", "cross-site", TOKEN)).allowed());
        assertFalse(guard.check(post("null", null, TOKEN)).allowed());
        assertFalse(guard.check(post("http://127.0.0.1:8182", "same-site", TOKEN)).allowed());
        assertFalse(guard.check(post(null, "cross-site", TOKEN)).allowed());
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            assertFalse(guard.check(new RequestGuard.Facts("127.0.0.1", method, "/api/x", "127.0.0.1:8181", List.of(),
                    "http://evil.example", "cross-site", "cors", TOKEN)).allowed(), method);
        }
    }

    @Test
    void foreignPagesCannotReadTheApiButMayLinkToPages() {
        assertFalse(guard.check(new RequestGuard.Facts("127.0.0.1", "GET", "/api/session", "127.0.0.1:8181", List.of(),
                null, "cross-site", "cors", null)).allowed());
        assertFalse(guard.check(new RequestGuard.Facts("127.0.0.1", "GET", "/api/status", "127.0.0.1:8181", List.of(),
                null, "cross-site", "no-cors", null)).allowed());
        assertTrue(guard.check(new RequestGuard.Facts("127.0.0.1", "GET", "/", "127.0.0.1:8181", List.of(), null,
                "cross-site", "navigate", null)).allowed());
    }
}
