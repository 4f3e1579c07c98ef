package org.p2pstack.social.internal.profile;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.api.profile.Profile;
import org.p2pstack.api.profile.ProfileException;
import org.p2pstack.api.profile.ProfileService;
import org.p2pstack.util.web.Json;
import org.p2pstack.util.web.Requests;

import com.google.gson.JsonObject;

/**
 * The private profile API:
 * <ul>
 * <li>{@code GET /api/profile}, {@code PUT /api/profile} {@code {"nickname", "bio", "linkNetworks"?}}: each part
 * optional but nickname and bio go together; {@code linkNetworks} (boolean) is the user's choice to name the swarm key
 * and IPFS peer id in the signed record and to gossip it from this node (see {@link Profile#linkNetworks()})</li>
 * <li>{@code GET /api/profile/avatar}, {@code PUT /api/profile/avatar} (the picture's bytes)</li>
 * <li>{@code GET/PUT /api/profile/setup} {@code {"step", "dismissed"}}: the first-time set-up's progress</li>
 * <li>{@code POST /api/profile/friends} {@code {"address"}}: a friend's address, kept for following</li>
 * </ul>
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/api/profile", "/api/profile/*" })
@HttpWhiteboardServletName("p2pstack-api-profile")
public final class ProfileServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ProfileService profiles;
    private final transient HomeState state;
    private final transient Json json = new Json();

    @Activate
    public ProfileServlet(@Reference ProfileService profiles, @Reference HomeState state) {
        this.profiles = profiles;
        this.state = state;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        switch (path) {
            case "", "/" -> json.send(response, 200, privateBody(profiles.profile()));
            case "/avatar" -> sendAvatar(response, profiles, "private, no-cache");
            case "/setup", "/friends" -> json.send(response, 200, state.toJson());
            default -> json.error(response, 404, "Nothing here.");
        }
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            switch (path) {
                case "", "/" -> {
                    JsonObject o = Requests.jsonBody(request);
                    Boolean link = linkNetworks(o);
                    if (link == null || o.has("nickname") || o.has("bio")) {
                        profiles.update(Requests.string(o, "nickname"), Requests.string(o, "bio"));
                    }
                    if (link != null) {
                        profiles.setLinkNetworks(link);
                    }
                    json.send(response, 200, privateBody(profiles.profile()));
                }
                case "/avatar" -> {
                    byte[] image = Requests.body(request, ProfileService.MAX_AVATAR_BYTES,
                            "This picture is too big: the limit is " + ProfileService.MAX_AVATAR_BYTES / 1024 / 1024 + " MB.");
                    Profile p = profiles.setAvatar(image);
                    json.send(response, 200, privateBody(Optional.of(p)));
                }
                case "/setup" -> {
                    JsonObject o = Requests.jsonBody(request);
                    if (!o.has("step") || !o.get("step").isJsonPrimitive() || !o.get("step").getAsJsonPrimitive().isNumber()) {
                        throw new Requests.BadRequest(400, "'step' must be a number from 0 to " + HomeState.LAST_STEP + ".");
                    }
                    boolean dismissed = o.has("dismissed") && o.get("dismissed").isJsonPrimitive() && o.get("dismissed").getAsBoolean();
                    state.setStep(o.get("step").getAsInt(), dismissed);
                    json.send(response, 200, state.toJson());
                }
                default -> json.error(response, 404, "Nothing here.");
            }
        } catch (ProfileException e) {
            json.error(response, 400, e.getMessage());
        } catch (Requests.BadRequest e) {
            json.error(response, e.status(), e.getMessage());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/friends".equals(request.getPathInfo())) {
            json.error(response, 404, "Nothing here.");
            return;
        }
        try {
            String problem = state.addFriend(Requests.string(Requests.jsonBody(request), "address"));
            if (problem != null) {
                json.error(response, 400, problem);
                return;
            }
            json.send(response, 200, state.toJson());
        } catch (Requests.BadRequest e) {
            json.error(response, e.status(), e.getMessage());
        }
    }

    /** {@code "linkNetworks"} of a request: null when absent; only a boolean is accepted. */
    static Boolean linkNetworks(JsonObject o) throws Requests.BadRequest {
        if (!o.has("linkNetworks") || o.get("linkNetworks").isJsonNull()) {
            return null;
        }
        if (!o.get("linkNetworks").isJsonPrimitive() || !o.get("linkNetworks").getAsJsonPrimitive().isBoolean()) {
            throw new Requests.BadRequest(400, "'linkNetworks' must be true or false.");
        }
        return o.get("linkNetworks").getAsBoolean();
    }

    /** What the owner's page sees: the public part and the owner's choices (never served on the public site). */
    static Map<String, Object> privateBody(Optional<Profile> profile) {
        Map<String, Object> body = body(profile, "/api/profile/avatar");
        profile.ifPresent(p -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) body.get("profile");
            json.put("linkNetworks", p.linkNetworks());
        });
        return body;
    }

    static Map<String, Object> body(Optional<Profile> profile, String avatarPath) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (profile.isEmpty()) {
            body.put("profile", null);
            return body;
        }
        Profile p = profile.get();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nickname", p.nickname());
        json.put("bio", p.bio());
        json.put("avatarUrl", p.hasAvatar() ? avatarPath + "?v=" + p.revision() : null);
        json.put("updated", p.updated().toString());
        json.put("revision", p.revision());
        body.put("profile", json);
        return body;
    }

    static void sendAvatar(HttpServletResponse response, ProfileService profiles, String cacheControl) throws IOException {
        Optional<ProfileService.Avatar> avatar = profiles.avatar();
        if (avatar.isEmpty()) {
            new Json().error(response, 404, "No profile picture has been chosen yet.");
            return;
        }
        response.setContentType(avatar.get().contentType());
        response.setHeader("Cache-Control", cacheControl);
        response.setContentLength(avatar.get().bytes().length);
        response.getOutputStream().write(avatar.get().bytes());
    }
}
