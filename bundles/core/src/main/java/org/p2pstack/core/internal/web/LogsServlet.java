package org.p2pstack.core.internal.web;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.api.node.NodeEnvironment;

import org.p2pstack.util.web.Json;
/** {@code GET /api/logs}: the end of the node's log, so the status page can link to it. Private site only. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(LogsServlet.PATH)
@HttpWhiteboardServletName("p2pstack-api-logs")
public final class LogsServlet extends HttpServlet {

    static final String PATH = "/api/logs";
    /** How much of the end of the log is shown: enough for the recent story, bounded for the browser. */
    static final int MAX_BYTES = 256 * 1024;
    private static final long serialVersionUID = 1L;

    private final transient NodeEnvironment environment;
    private final transient Json json = new Json();

    @Activate
    public LogsServlet(@Reference NodeEnvironment environment) {
        this.environment = environment;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Path log = environment.logFile();
        if (!Files.isRegularFile(log)) {
            json.error(response, 404, "There is no log file yet at " + log);
            return;
        }
        byte[] tail = tail(log, MAX_BYTES);
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Disposition", "inline; filename=\"karaf.log\"");
        response.setContentLength(tail.length);
        response.getOutputStream().write(tail);
    }

    /** The last {@code max} bytes of {@code file}, starting at a line boundary when it was cut. */
    static byte[] tail(Path file, int max) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long start = Math.max(0, length - max);
            byte[] bytes = new byte[(int) (length - start)];
            in.seek(start);
            in.readFully(bytes);
            if (start == 0) {
                return bytes;
            }
            int firstLine = 0;
            while (firstLine < bytes.length && bytes[firstLine] != '\n') {
                firstLine++;
            }
            String cut = "[… earlier lines are in " + file + "]\n";
            byte[] head = cut.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[head.length + bytes.length - Math.min(bytes.length, firstLine + 1)];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(bytes, Math.min(bytes.length, firstLine + 1), out, head.length, out.length - head.length);
            return out;
        }
    }
}
