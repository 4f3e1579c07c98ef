package org.p2pstack.core.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebTokenTest {

    @Test
    void tokenIsRandomPersistentAndPrivate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("web-token");
        String first = new WebToken(file).value();
        assertEquals(43, first.length());
        assertEquals(first, new WebToken(file).value());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertNotEquals(first, new WebToken(dir.resolve("other")).value());
    }

    @Test
    void aDamagedTokenFileIsReplaced(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("web-token");
        Files.writeString(file, "garbage");
        String token = new WebToken(file).value();
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"));
        assertEquals(token, Files.readString(file));
    }
}
