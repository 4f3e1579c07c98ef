package org.p2pstack.social.internal.notices;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.p2pstack.util.web.Json;
import org.p2pstack.util.web.Requests;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The owner's social API (private site, changes need the page's token):
 * <ul>
 * <li>{@code GET /api/notices}; {@code POST /api/notices/read} {@code {"all":true}} or {@code {"ids":[...]}}</li>
 * <li>{@code GET /api/followers}</li>
 * <li>{@code GET /api/dms}; {@code GET /api/dms/<b32>}; {@code POST /api/dms/<b32>} {@code {"text"}};
 * {@code POST /api/dms/<b32>/read}</li>
 * </ul>
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/api/notices", "/api/notices/*", "/api/followers", "/api/dms", "/api/dms/*" })
@HttpWhiteboardServletName("p2pstack-api-social")
public final class NoticesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String B32 = "[a-z2-7]{52}\\.b32\\.i2p";

    private final transient NoticeBox notices;
    private final transient SocialLoop loop;
    private final transient Json json = new Json();

    @Activate
    public NoticesServlet(@Reference NoticeBox notices, @Reference SocialLoop loop) {
        this.notices = notices;
        this.loop = loop;
    }

    private static String path(HttpServletRequest request) {
        return request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        if (path.equals("/api/notices")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("unread", notices.unread());
            body.put("notices", notices.list());
            json.send(response, 200, body);
        } else if (path.equals("/api/followers")) {
            json.send(response, 200, Map.of("followers", loop.followers()));
        } else if (path.equals("/api/dms")) {
            json.send(response, 200, Map.of("conversations", loop.conversations()));
        } else if (path.matches("/api/dms/" + B32)) {
            json.send(response, 200, loop.conversation(path.substring("/api/dms/".length())));
        } else {
            json.error(response, 404, "Nothing here.");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        try {
            if (path.equals("/api/notices/read")) {
                JsonObject o = Requests.jsonBody(request);
                List<String> ids = null;
                if (!(o.has("all") && o.get("all").isJsonPrimitive() && o.get("all").getAsBoolean())) {
                    JsonElement list = o.get("ids");
                    if (list == null || !list.isJsonArray() || list.getAsJsonArray().size() > NoticeBox.MAX_NOTICES) {
                        throw new Requests.BadRequest(400, "Send {\"all\":true} or {\"ids\":[...]}.");
                    }
                    ids = new ArrayList<>();
                    for (JsonElement e : list.getAsJsonArray()) {
                        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
                            ids.add(e.getAsString());
                        }
                    }
                }
                json.send(response, 200, Map.of("unread", notices.markRead(ids)));
            } else if (path.matches("/api/dms/" + B32 + "/read")) {
                String b32 = path.substring("/api/dms/".length(), path.length() - "/read".length());
                json.send(response, 200, Map.of("unread", loop.markRead(b32)));
            } else if (path.matches("/api/dms/" + B32)) {
                String b32 = path.substring("/api/dms/".length());
                String raw = Requests.string(Requests.jsonBody(request), "text");
                String text = raw == null ? "" : raw.strip();
                if (text.isEmpty()) {
                    throw new Requests.BadRequest(400, "Write something first.");
                }
                if (text.length() > InboxEnvelope.MAX_TEXT) {
                    throw new Requests.BadRequest(400, "A message has at most " + InboxEnvelope.MAX_TEXT + " characters.");
                }
                try {
                    json.send(response, 202, Map.of("message", loop.send(b32, text)));
                } catch (IllegalStateException e) {
                    json.error(response, 403, e.getMessage());
                }
            } else {
                json.error(response, 404, "Nothing here.");
            }
        } catch (Requests.BadRequest e) {
            json.error(response, e.status(), e.getMessage());
        }
    }
}
