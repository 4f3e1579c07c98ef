package org.p2pstack.ipfs.internal.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.ipfs.AddOptions;
import org.p2pstack.ipfs.internal.IpfsNode;

/** The gateway servlet, driven without a container: Range requests return exactly the requested bytes. */
class GatewayTest {

    @TempDir
    Path dir;

    /** What the fake response recorded. */
    static final class Reply {
        int status = 200;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        String contentType;
        long length = -1;
    }

    static Reply get(IpfsGatewayServlet servlet, String path, Map<String, String> headers) throws Exception {
        Reply r = new Reply();
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(GatewayTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> "GET";
                    case "getPathInfo" -> path;
                    case "getHeader" -> headers.get((String) a[0]);
                    case "getParameter" -> null;
                    case "getDateHeader" -> -1L;
                    case "getProtocol" -> "HTTP/1.1";
                    default -> null;
                });
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                r.body.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                r.body.write(b, off, len);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }
        };
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(GatewayTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus", "sendError" -> r.status = (Integer) a[0];
                        case "setHeader" -> r.headers.put((String) a[0], (String) a[1]);
                        case "setContentType" -> r.contentType = (String) a[0];
                        case "setContentLengthLong" -> r.length = (Long) a[0];
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> {
                            return null;
                        }
                    }
                    return null;
                });
        servlet.service(req, resp);
        return r;
    }

    @Test
    void rangesAndHeaders() throws Exception {
        try (IpfsNode node = new IpfsNode(new IpfsNode.Settings(dir, "127.0.0.1", 0, List.of(), Duration.ofSeconds(1), Duration.ZERO))) {
            byte[] data = new byte[3 * 262_144 + 17];
            new Random(3).nextBytes(data);
            String cid = node.add(new ByteArrayInputStream(data), AddOptions.KUBO);
            IpfsGatewayServlet servlet = new IpfsGatewayServlet(node);

            Reply whole = get(servlet, "/" + cid, Map.of());
            assertEquals(200, whole.status);
            assertArrayEquals(data, whole.body.toByteArray());
            assertEquals("\"" + cid + "\"", whole.headers.get("ETag"));
            assertEquals(data.length, whole.length);

            Reply part = get(servlet, "/" + cid, Map.of("Range", "bytes=262140-262150"));
            assertEquals(206, part.status);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 262140, 262151), part.body.toByteArray());
            assertEquals("bytes 262140-262150/" + data.length, part.headers.get("Content-Range"));

            Reply suffix = get(servlet, "/" + cid, Map.of("Range", "bytes=-10"));
            assertArrayEquals(java.util.Arrays.copyOfRange(data, data.length - 10, data.length), suffix.body.toByteArray());
            Reply open = get(servlet, "/" + cid, Map.of("Range", "bytes=786400-"));
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 786400, data.length), open.body.toByteArray());

            assertEquals(416, get(servlet, "/" + cid, Map.of("Range", "bytes=" + data.length + "-")).status);
            assertEquals(304, get(servlet, "/" + cid, Map.of("If-None-Match", "\"" + cid + "\"")).status);
            assertEquals(400, get(servlet, "/notacid", Map.of()).status);
            // a block nobody has: the network timeout (1 s here) turns into 504
            assertEquals(504, get(servlet, "/bafkreigdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", Map.of()).status);

            Reply text = get(servlet, "/" + node.add(new ByteArrayInputStream("<html><body>hi</body></html>".getBytes()), AddOptions.KUBO), Map.of());
            assertEquals("text/html", text.contentType);
        }
    }

    @Test
    void directoriesPathsAndIndex() throws Exception {
        try (IpfsNode node = new IpfsNode(new IpfsNode.Settings(dir.resolve("n"), "127.0.0.1", 0, List.of(), Duration.ofSeconds(1), Duration.ZERO))) {
            Path site = dir.resolve("site");
            java.nio.file.Files.createDirectories(site.resolve("docs"));
            java.nio.file.Files.writeString(site.resolve("docs/readme.txt"), "read me");
            java.nio.file.Files.writeString(site.resolve("docs/a b.txt"), "spaces");
            String cid = node.add(site, AddOptions.KUBO);
            IpfsGatewayServlet servlet = new IpfsGatewayServlet(node);
            Reply file = get(servlet, "/" + cid + "/docs/readme.txt", Map.of("Range", "bytes=5-"));
            assertEquals(206, file.status);
            assertEquals("me", file.body.toString());
            assertEquals("text/plain", file.contentType);
            Reply list = get(servlet, "/" + cid + "/docs/", Map.of());
            assertEquals(200, list.status);
            String html = list.body.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(html.contains("href=\"a%20b.txt\"") && html.contains("readme.txt"), html);
            assertEquals(404, get(servlet, "/" + cid + "/docs/missing", Map.of()).status);
            java.nio.file.Files.writeString(site.resolve("index.html"), "<html><body>home</body></html>");
            String withIndex = node.add(site, AddOptions.KUBO_CID_V1);
            Reply index = get(servlet, "/" + withIndex, Map.of());
            assertEquals("<html><body>home</body></html>", index.body.toString());
            assertEquals("text/html", index.contentType);
            assertEquals(List.of("docs", "index.html"), node.ls(withIndex).stream().map(e -> e.name()).toList());
        }
    }
}
