package org.p2pstack.social.internal.chat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.google.gson.JsonObject;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.api.chat.ChatMessage;
import org.p2pstack.api.chat.ChatService;
import org.p2pstack.api.directory.Directory;
import org.p2pstack.api.profile.ProfileService;
import org.p2pstack.util.web.Json;
import org.p2pstack.util.web.Requests;

/**
 * The private chat API (new messages also arrive as {@code chat} events on {@code /api/events}):
 * <ul>
 * <li>{@code GET /api/chat?room=&limit=}: a room's newest messages (our own room by default), the rooms we are in,
 * and the notice that chat is not anonymous;</li>
 * <li>{@code POST /api/chat/messages} {@code {"text", "room"?}}: sends a message;</li>
 * <li>{@code POST /api/chat/rooms} {@code {"room"}}: joins someone's room by its key.</li>
 * </ul>
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/api/chat", "/api/chat/*" })
@HttpWhiteboardServletName("p2pstack-api-chat")
public final class ChatServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_BODY = 16 * 1024;

    private final transient ChatService chat;
    private final transient ChatJson chatJson;
    private final transient Json json = new Json();

    @Activate
    public ChatServlet(@Reference ChatService chat, @Reference ProfileService profiles, @Reference Directory directory) {
        this.chat = chat;
        this.chatJson = new ChatJson(profiles, directory);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (!path.isEmpty() && !path.equals("/") && !path.equals("/messages")) {
            json.error(response, 404, "Nothing here.");
            return;
        }
        Map<String, String> q = Requests.query(request);
        String room = q.getOrDefault("room", "");
        if (!room.isEmpty() && !ChatBlocks.isKey(room)) {
            json.error(response, 400, "A room is named by 64 hexadecimal characters.");
            return;
        }
        int limit = DEFAULT_LIMIT;
        try {
            limit = Math.max(1, Math.min(1000, Integer.parseInt(q.getOrDefault("limit", String.valueOf(DEFAULT_LIMIT)))));
        } catch (NumberFormatException e) {
            // default
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String ownRoom = chat.ownRoom();
        body.put("room", room.isEmpty() ? ownRoom : room);
        body.put("ownRoom", ownRoom);
        body.put("notice", ChatJson.NOTICE);
        body.put("rooms", chatJson.rooms(chat.rooms(), ownRoom));
        body.put("messages", chatJson.messages(chat.messages(room, limit), ownRoom));
        json.send(response, 200, body);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            if (request.getContentLengthLong() > MAX_BODY) {
                throw new Requests.BadRequest(413, "The message is too long.");
            }
            JsonObject o = Requests.jsonBody(request);
            switch (path) {
                case "/messages" -> {
                    ChatMessage m = chat.send(Requests.string(o, "room"), Requests.string(o, "text"))
                            .toCompletableFuture().get(15, TimeUnit.SECONDS);
                    json.send(response, 200, Map.of("message", chatJson.message(m, chat.ownRoom())));
                }
                case "/rooms" -> {
                    String room = Requests.string(o, "room");
                    chat.join(room).toCompletableFuture().get(15, TimeUnit.SECONDS);
                    json.send(response, 200, Map.of("room", room.strip().toLowerCase(java.util.Locale.ROOT), "rooms",
                            chatJson.rooms(chat.rooms(), chat.ownRoom())));
                }
                default -> json.error(response, 404, "Nothing here.");
            }
        } catch (Requests.BadRequest e) {
            json.error(response, e.status(), e.getMessage());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            int status = cause instanceof ChatService.TooFastException ? 429
                    : cause instanceof IllegalArgumentException ? 400 : 503;
            json.error(response, status, cause.getMessage());
        } catch (TimeoutException e) {
            json.error(response, 503, "The chat did not answer in time; try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            json.error(response, 503, "Interrupted.");
        }
    }
}
