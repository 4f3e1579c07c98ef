package org.p2pstack.sdk.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.util.web.Json;

/**
 * Serves the dApp SDK: {@code /sdk/p2pstack.js} and its types {@code /sdk/p2pstack.d.ts}, the same files under the
 * major version ({@code /sdk/1/...}), both revalidated on every load (ETag), and under the exact version
 * ({@code /sdk/1.0.0/...}), which never changes and may be cached for good.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/sdk/*")
@HttpWhiteboardServletName("p2pstack-sdk")
public final class SdkServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** The SDK's version; the same as {@code version} in p2pstack.js. */
    static final String VERSION = "1.0.0";
    static final String MAJOR = VERSION.substring(0, VERSION.indexOf('.'));

    private record File(byte[] bytes, String type, String etag) {
    }

    private final transient Map<String, File> files;
    private final transient Json json = new Json();

    @Activate
    public SdkServlet() {
        this.files = Map.of("p2pstack.js", load("p2pstack.js", "text/javascript;charset=utf-8"),
                "p2pstack.d.ts", load("p2pstack.d.ts", "text/plain;charset=utf-8"),
                "shell.js", load("shell.js", "text/javascript;charset=utf-8"),
                "shell.css", load("shell.css", "text/css;charset=utf-8"));
    }

    private static File load(String name, String type) {
        try (InputStream in = SdkServlet.class.getResourceAsStream("/sdk/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks sdk/" + name);
            }
            byte[] bytes = in.readAllBytes();
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12) + "\"";
            return new File(bytes, type, etag);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] parts = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[0];
        String cache;
        String name;
        if (parts.length == 1) {
            name = parts[0];
            cache = "no-cache";
        } else if (parts.length == 2 && parts[0].equals(MAJOR)) {
            name = parts[1];
            cache = "no-cache";
        } else if (parts.length == 2 && parts[0].equals(VERSION)) {
            name = parts[1];
            cache = "public, max-age=31536000, immutable";
        } else {
            name = "";
            cache = "";
        }
        File file = files.get(name);
        if (file == null) {
            json.error(response, 404, "The SDK is at /sdk/p2pstack.js (this node has version " + VERSION
                    + ", also at /sdk/" + MAJOR + "/p2pstack.js and /sdk/" + VERSION + "/p2pstack.js) with types in p2pstack.d.ts.");
            return;
        }
        response.setHeader("Cache-Control", cache);
        response.setHeader("ETag", file.etag());
        response.setHeader("X-P2PStack-Sdk-Version", VERSION);
        // public code, imported as a module by dApp pages whose sandboxed frames have an opaque origin
        response.setHeader("Access-Control-Allow-Origin", "*");
        String match = request.getHeader("If-None-Match");
        if (match != null && match.contains(file.etag())) {
            response.setStatus(304);
            return;
        }
        response.setStatus(200);
        response.setContentType(file.type());
        response.setContentLength(file.bytes().length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(file.bytes());
        }
    }
}
