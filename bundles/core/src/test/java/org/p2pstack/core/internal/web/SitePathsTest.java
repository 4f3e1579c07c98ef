package org.p2pstack.core.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SitePathsTest {

    @Test
    void everyPublicRequestLandsInsideThePublicNamespace() {
        assertEquals("/public/", SitePaths.publicTarget("/"));
        assertEquals("/public/", SitePaths.publicTarget(""));
        assertEquals("/public/profile.json", SitePaths.publicTarget("/profile.json"));
        assertEquals("/public/api/status", SitePaths.publicTarget("/api/status"));
        assertEquals("/public/media/a%20b%3Fc%23d", SitePaths.publicTarget("/media/a b?c#d"));
        assertEquals("/public/%C3%A9t%C3%A9", SitePaths.publicTarget("/été"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/../api/status", "/a/../../api", "/./x", "/a\\b", "/a\u0000b", "relative", "/x/.." })
    void unsafePathsAreRefused(String path) {
        assertNull(SitePaths.publicTarget(path));
    }

    @Test
    void overlongPathsAreRefused() {
        assertNull(SitePaths.publicTarget("/" + "a".repeat(SitePaths.MAX_PATH)));
    }

    @Test
    void encodedTargetsContainNoDispatcherMetacharacters() {
        String target = SitePaths.publicTarget("/%2e%2e/;x=1/?q");
        assertTrue(target.startsWith("/public/"));
        assertTrue(!target.contains("?") && !target.contains(";") && !target.contains("#"), target);
    }
}
