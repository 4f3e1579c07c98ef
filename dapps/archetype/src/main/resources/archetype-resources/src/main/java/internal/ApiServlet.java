package ${package}.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The dApp's JSON API at {@code /dapps/${name}/api/*}. It only turns HTTP into calls on {@link MessageBoard} and
 * their results into JSON; every error is {@code {"error": "<plain words>"}} with a fitting status code.
 *
 * <ul>
 * <li>{@code GET api/messages}: {@code {"messages": [{"text", "time"}]}}, newest first</li>
 * <li>{@code POST api/messages} with {@code {"text": "..."}}: 201 and the new message</li>
 * <li>{@code GET api/status}: how many messages, and how many of the node's networks run</li>
 * </ul>
 *
 * The node guards everything below {@code /dapps/<name>/api/}: only the signed-in browser, never another web site,
 * and changes only with the page's token.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/dapps/${name}/api/*")
@HttpWhiteboardServletName("${name}-api")
public final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Largest request body read, in bytes. */
    static final int MAX_BODY = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final Gson GSON = new Gson();

    private final transient MessageBoard board;

    @Activate
    public ApiServlet(@Reference MessageBoard board) {
        this.board = board;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            switch (request.getMethod()) {
            case "GET" -> doGet(request, response);
            case "POST" -> doPost(request, response);
            default -> {
                response.setHeader("Allow", "GET, POST");
                error(response, 405, "This dApp's API answers GET and POST only.");
            }
            }
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            error(response, 500, "Something went wrong inside this dApp; the node's log says what.");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (path(request)) {
        case "/messages" -> send(response, 200, Map.of("messages", board.messages()));
        case "/status" -> send(response, 200, board.summary());
        default -> notFound(request, response);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!path(request).equals("/messages")) {
            notFound(request, response);
            return;
        }
        JsonObject body;
        try {
            body = readJson(request);
        } catch (IllegalArgumentException e) {
            error(response, 400, e.getMessage());
            return;
        }
        String text = body.has("text") && body.get("text").isJsonPrimitive() ? body.get("text").getAsString() : null;
        try {
            send(response, 201, board.post(text));
        } catch (IllegalArgumentException e) {
            error(response, 400, e.getMessage());
        }
    }

    private static String path(HttpServletRequest request) {
        return request.getPathInfo() == null ? "/" : request.getPathInfo();
    }

    private static JsonObject readJson(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY) {
            throw new IllegalArgumentException("The request is too large (at most " + MAX_BODY + " bytes).");
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new IllegalArgumentException("The request is too large (at most " + MAX_BODY + " bytes).");
        }
        try {
            return JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("Send a JSON object, for example {\"text\": \"Hello\"}.");
        }
    }

    private static void notFound(HttpServletRequest request, HttpServletResponse response) throws IOException {
        error(response, 404, "This dApp has no " + request.getMethod() + " " + path(request) + ".");
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        send(response, status, Map.of("error", message));
    }

    private static void send(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(GSON.toJson(body));
    }
}
