package org.p2pstack.social.internal.chat;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.profile.ProfileService;
import org.p2pstack.util.web.Json;
import org.p2pstack.util.web.Requests;

/**
 * The private chat API (new messages also arrive as {@code chat} events on {@code /api/events}):
 * <ul>
 * <li>{@code GET /api/chat?room=&limit=}: a room's newest messages (our own room by default), the rooms we are in,
 * and the notice that chat is not anonymous;</li>
 * <li>{@code POST /api/chat/messages} {@code {"text", "room"?}}: sends a message;</li>
 * <li>{@code POST /api/chat/rooms} {@code {"room", "name"?}}: joins a room by its key (an invite names it too);
 * {@code {"create": true, "name"}}: makes a new group room, named by a fresh random key that its invite carries.</li>
 * </ul>
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/api/chat", "/api/chat/*" })
@HttpWhiteboardServletName("p2pstack-api-chat")
public final class ChatServlet extends HttpServlet {

    /**
     * A message written while the node starts, or just after joining a room, waits for the chat (see ChatRooms):
     * the request waits as long, or the page would say "did not answer" for a message that is then sent after all.
     */
    static final long SEND_WAIT_SECONDS = ChatRooms.START_WAIT_SECONDS + ChatRooms.OWN_CORE_WAIT_SECONDS + 10;

    private static final long serialVersionUID = 1L;
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_BODY = 16 * 1024;

    private final transient ChatService chat;
    private final transient ChatJson chatJson;
    private final transient RoomNames names;
    private final transient SecureRandom random = new SecureRandom();
    private final transient Json json = new Json();

    @Activate
    public ChatServlet(@Reference ChatService chat, @Reference ProfileService profiles, @Reference Directory directory,
            @Reference NodeEnvironment environment) {
        this(chat, new ChatJson(profiles, directory), new RoomNames(environment.dataDir("chat").resolve("room-names.json")));
    }

    ChatServlet(ChatService chat, ChatJson chatJson, RoomNames names) {
        this.chat = chat;
        this.chatJson = chatJson;
        this.names = names;
    }

    /** The rooms as the page sees them, each group room with the name the owner gave it. */
    private List<Map<String, Object>> rooms() {
        List<Map<String, Object>> rooms = new ArrayList<>();
        for (Map<String, Object> room : chatJson.rooms(chat.rooms(), chat.ownRoom())) {
            Map<String, Object> named = new LinkedHashMap<>(room);
            names.name((String) room.get("id")).ifPresent(n -> named.put("name", n));
            rooms.add(named);
        }
        return rooms;
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
        body.put("rooms", rooms());
        body.put("messages", chatJson.messages(chat.messages(room, limit), ownRoom));
        json.send(response, 200, body);
    }

    private byte[] randomKey() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
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
                            .toCompletableFuture().get(SEND_WAIT_SECONDS, TimeUnit.SECONDS);
                    json.send(response, 200, Map.of("message", chatJson.message(m, chat.ownRoom())));
                }
                case "/rooms" -> {
                    boolean create = o.has("create") && o.get("create").isJsonPrimitive() && o.get("create").getAsBoolean();
                    String name = o.has("name") ? Requests.string(o, "name") : null;
                    if ((create || name != null) && RoomNames.check(name) != null) {
                        throw new Requests.BadRequest(400, RoomNames.check(name));
                    }
                    // a new group room is named by a fresh random key: nobody's swarm key, so nobody owns it
                    String key = create ? HexFormat.of().formatHex(randomKey()) : Requests.string(o, "room");
                    if (key == null || key.isBlank()) {
                        throw new Requests.BadRequest(400, "Paste the room's key (64 characters, from its invite).");
                    }
                    String room = key.strip().toLowerCase(java.util.Locale.ROOT);
                    chat.join(room).toCompletableFuture().get(15, TimeUnit.SECONDS);
                    if (name != null) {
                        names.name(room, name);
                    }
                    json.send(response, create ? 201 : 200, Map.of("room", room, "rooms", rooms()));
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
