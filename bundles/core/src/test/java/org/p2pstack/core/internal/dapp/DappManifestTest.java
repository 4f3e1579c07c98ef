package org.p2pstack.core.internal.dapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2pstack.api.dapp.Dapp;
import org.p2pstack.api.dapp.DappHeaders;

class DappManifestTest {

    private static Optional<Dapp> parse(Map<String, String> headers) throws Exception {
        return DappManifest.parse(headers::get, 42);
    }

    private static Map<String, String> headers(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void bundleWithoutNameIsNotADapp() throws Exception {
        assertTrue(parse(headers("Bundle-Name", "Some library")).isEmpty());
        assertTrue(parse(headers(DappHeaders.NAME, "   ")).isEmpty());
    }

    @Test
    void fullMetadataIsRead() throws Exception {
        Dapp dapp = parse(headers(DappHeaders.NAME, "stacks", DappHeaders.TITLE, " Network stacks ",
                DappHeaders.DESCRIPTION, "Shows how each network is doing.", DappHeaders.WEB_ROOT, "/site/",
                DappHeaders.ICON, "img/icon.svg", "Bundle-Version", "1.2.3")).orElseThrow();
        assertEquals("stacks", dapp.name());
        assertEquals("Network stacks", dapp.title());
        assertEquals("site", dapp.webRoot());
        assertEquals("/dapps/stacks/", dapp.url());
        assertEquals("/dapps/stacks/img/icon.svg", dapp.iconUrl());
        assertEquals("1.2.3", dapp.version());
        assertEquals(42, dapp.bundleId());
    }

    @Test
    void defaultsFillTheGaps() throws Exception {
        Dapp dapp = parse(headers(DappHeaders.NAME, "notes", "Bundle-Name", "My Notes")).orElseThrow();
        assertEquals("My Notes", dapp.title());
        assertEquals("web", dapp.webRoot());
        assertEquals("", dapp.iconUrl());
        assertEquals("", dapp.description());
        assertEquals("notes", parse(headers(DappHeaders.NAME, "notes")).orElseThrow().title());
    }

    @ParameterizedTest
    @ValueSource(strings = { "Home", "9lives", "-x", "a b", "a/b", "ab..", "name_with_underscore",
            "abcdefghijklmnopqrstuvwxyz0123456789" })
    void invalidNamesAreRefused(String name) {
        var e = assertThrows(DappManifest.InvalidDappException.class, () -> parse(headers(DappHeaders.NAME, name)));
        assertTrue(e.getMessage().contains("lower-case"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "../etc", "web/../../x", "a//b", "C:\\web", "web/./x", "x\u0000y" })
    void webRootMustStayInsideTheJar(String root) {
        assertThrows(DappManifest.InvalidDappException.class,
                () -> parse(headers(DappHeaders.NAME, "ok", DappHeaders.WEB_ROOT, root)));
    }

    @Test
    void iconMustStayInsideTheWebRoot() {
        assertThrows(DappManifest.InvalidDappException.class,
                () -> parse(headers(DappHeaders.NAME, "ok", DappHeaders.ICON, "../../secret.png")));
    }

    @Test
    void oversizedFieldsAreRefused() {
        assertThrows(DappManifest.InvalidDappException.class,
                () -> parse(headers(DappHeaders.NAME, "ok", DappHeaders.TITLE, "t".repeat(DappManifest.MAX_TITLE + 1))));
        assertThrows(DappManifest.InvalidDappException.class, () -> parse(
                headers(DappHeaders.NAME, "ok", DappHeaders.DESCRIPTION, "d".repeat(DappManifest.MAX_DESCRIPTION + 1))));
        assertThrows(DappManifest.InvalidDappException.class,
                () -> parse(headers(DappHeaders.NAME, "ok", DappHeaders.TITLE, "bad\u0007title")));
    }

    @Test
    void safeRelativePaths() {
        assertTrue(DappManifest.isSafeRelativePath("index.html"));
        assertTrue(DappManifest.isSafeRelativePath("js/app.js"));
        assertFalse(DappManifest.isSafeRelativePath("/etc/passwd"));
        assertFalse(DappManifest.isSafeRelativePath("js/../../x"));
        assertFalse(DappManifest.isSafeRelativePath(""));
        assertFalse(DappManifest.isSafeRelativePath("a".repeat(DappManifest.MAX_PATH + 1)));
    }

    @Test
    void permissionsAreReadAndTyposRefused() throws Exception {
        Dapp dapp = parse(headers(DappHeaders.NAME, "guestbook", DappHeaders.PERMISSIONS, " IPFS, hypercore,swarm , profile:read,")).get();
        assertEquals(java.util.EnumSet.of(org.p2pstack.api.dapp.DappPermission.IPFS, org.p2pstack.api.dapp.DappPermission.HYPERCORE,
                org.p2pstack.api.dapp.DappPermission.SWARM, org.p2pstack.api.dapp.DappPermission.PROFILE_READ), dapp.permissions());
        assertTrue(parse(headers(DappHeaders.NAME, "plain")).get().permissions().isEmpty());
        DappManifest.InvalidDappException typo = assertThrows(DappManifest.InvalidDappException.class,
                () -> parse(headers(DappHeaders.NAME, "guestbook", DappHeaders.PERMISSIONS, "ipfs, hypercores")));
        assertTrue(typo.getMessage().contains("'hypercores' is unknown") && typo.getMessage().contains("hypercore, swarm"),
                typo.getMessage());
        assertThrows(DappManifest.InvalidDappException.class,
                () -> parse(headers(DappHeaders.NAME, "guestbook", DappHeaders.PERMISSIONS, "ipfs,".repeat(200))));
    }
}
