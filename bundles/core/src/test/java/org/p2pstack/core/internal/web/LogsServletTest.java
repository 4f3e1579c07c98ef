package org.p2pstack.core.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsServletTest {

    @Test
    void shortLogIsShownWhole(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("karaf.log"), "one\ntwo\n");
        assertEquals("one\ntwo\n", new String(LogsServlet.tail(log, 1024), StandardCharsets.UTF_8));
    }

    @Test
    void longLogIsCutAtALineBoundary(@TempDir Path dir) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Path log = Files.writeString(dir.resolve("karaf.log"), text);
        String tail = new String(LogsServlet.tail(log, 100), StandardCharsets.UTF_8);
        assertTrue(tail.startsWith("[… earlier lines are in "), tail);
        assertTrue(tail.endsWith("line 999\n"));
        String[] lines = tail.split("\n");
        assertTrue(lines[1].matches("line \\d+"), "first kept line is whole: " + lines[1]);
        assertTrue(tail.length() < 200);
    }
}
