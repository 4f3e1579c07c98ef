package org.p2pstack.util.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/** Small helpers to read request bodies and query strings within bounds. */
public final class Requests {

    /** Largest JSON body accepted by the APIs. */
    public static final int MAX_JSON_BYTES = 64 * 1024;
    /**
     * How much of a refused body is still read and dropped before the answer. Most clients (fetch in Node, curl)
     * send the whole body before they read the answer: answering 413 and closing with the rest unread resets the
     * connection, and the client reports "fetch failed" instead of the reason. Beyond this, the server closes.
     */
    public static final long REFUSED_BODY_READ_BYTES = 64L * 1024 * 1024;

    private Requests() {
    }

    /** Thrown when a request body is too large or malformed; the message is for people. */
    public static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        public BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The query string's parameters (never the body: uploads are raw bytes). */
    public static Map<String, String> query(HttpServletRequest request) {
        Map<String, String> values = new HashMap<>();
        String query = request.getQueryString();
        if (query == null || query.length() > 8192) {
            return values;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                values.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                // skip a malformed pair
            }
        }
        return values;
    }

    /** The body, at most {@code max} bytes; a longer one is refused with 413 and {@code tooBig}. */
    public static byte[] body(HttpServletRequest request, int max, String tooBig) throws IOException, BadRequest {
        if (request.getContentLengthLong() > max) {
            discardBody(request);
            throw new BadRequest(413, tooBig);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > max) {
                    discardBody(request);
                    throw new BadRequest(413, tooBig);
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    /**
     * Reads and drops what is left of a refused request's body, so that the client sees the answer (see
     * {@link #REFUSED_BODY_READ_BYTES}). A body declared longer than that is not read at all.
     *
     * @return true when the whole body was read; false when some is left (the server then closes the connection)
     */
    public static boolean discardBody(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > REFUSED_BODY_READ_BYTES) {
            return false;
        }
        InputStream in = request.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        long read = 0;
        int n;
        while (read <= REFUSED_BODY_READ_BYTES && (n = in.read(buffer)) > 0) {
            read += n;
        }
        return read <= REFUSED_BODY_READ_BYTES;
    }

    public static JsonObject jsonBody(HttpServletRequest request) throws IOException, BadRequest {
        byte[] bytes = body(request, MAX_JSON_BYTES, "The request is too large.");
        try {
            JsonElement root = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            if (!root.isJsonObject()) {
                throw new BadRequest(400, "The request must be a JSON object.");
            }
            return root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new BadRequest(400, "The request is not valid JSON.");
        }
    }

    public static String string(JsonObject o, String key) throws BadRequest {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new BadRequest(400, "'" + key + "' must be text.");
        }
        return e.getAsString();
    }
}
