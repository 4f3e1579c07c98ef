package org.p2pstack.social.internal.follow;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.api.follow.FollowException;
import org.p2pstack.api.follow.FollowService;
import org.p2pstack.api.i2p.I2pException;
import org.p2pstack.api.i2p.I2pHttpStream;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.util.web.Json;
import org.p2pstack.util.web.Requests;

/**
 * The private friends API (loopback only, changes need the page's token like every private change):
 * <ul>
 * <li>{@code GET /api/friends}: who is followed, the addresses waiting, the friends' posts</li>
 * <li>{@code GET /api/friends/visit?address=}: a person's page fetched over I2P now</li>
 * <li>{@code POST /api/friends} {@code {"address"}}: follow (202 when the person cannot be reached now: kept and
 * followed later); {@code DELETE /api/friends/<b32 or name>}: unfollow; {@code POST /api/friends/refresh}</li>
 * <li>{@code GET /api/friends/<b32>/media/<id>} (Range), {@code /thumbnail/<id>}, {@code /avatar}: a friend's
 * media relayed from their public site over I2P, as pictures and videos only</li>
 * </ul>
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/api/friends", "/api/friends/*" })
@HttpWhiteboardServletName("p2pstack-api-friends")
public final class FriendsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Time to reach the friend's node and get the answer's head, and then between two pieces of the body. */
    static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(60);
    /** Largest media relayed in one answer (a range of a bigger file is fine). */
    static final long MAX_MEDIA_BYTES = 8L * 1024 * 1024 * 1024;
    static final long MAX_PICTURE_BYTES = 2L * 1024 * 1024;
    private static final Pattern MEDIA_PATH = Pattern.compile("/([a-z2-7]{52}\\.b32\\.i2p)/(media|thumbnail)/([0-9a-f]{16})");
    private static final Pattern AVATAR_PATH = Pattern.compile("/([a-z2-7]{52}\\.b32\\.i2p)/avatar");
    private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=\\d{0,19}-\\d{0,19}");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,19}-\\d{1,19}|\\*)/\\d{1,19}");
    /** What a friend's node may make this node's private site serve: pictures and videos, never pages or scripts. */
    private static final Set<String> VIDEO_TYPES = Set.of("video/webm", "video/mp4", "video/quicktime", "video/ogg");
    private static final Set<String> PICTURE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private final transient FollowService follows;
    private final transient I2pService i2p;
    private final transient Json json = new Json();

    @Activate
    public FriendsServlet(@Reference FollowService follows, @Reference I2pService i2p) {
        this.follows = follows;
        this.i2p = i2p;
    }

    private static String path(HttpServletRequest request) {
        return request.getPathInfo() == null ? "" : request.getPathInfo();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        if (path.isEmpty() || path.equals("/")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("following", follows.following().stream().map(FriendJson::friend).toList());
            body.put("pending", follows.pending());
            body.put("items", follows.friendsItems().stream().map(FriendJson::item).toList());
            json.send(response, 200, body);
            return;
        }
        if (path.equals("/visit")) {
            try {
                json.send(response, 200, FriendJson.page(follows.visit(Requests.query(request).get("address"))));
            } catch (FollowException e) {
                json.error(response, status(e), e.getMessage());
            }
            return;
        }
        var media = MEDIA_PATH.matcher(path);
        if (media.matches()) {
            boolean video = media.group(2).equals("media");
            relay(request, response, media.group(1), "/" + media.group(2) + "/" + media.group(3),
                    video ? MAX_MEDIA_BYTES : MAX_PICTURE_BYTES, video);
            return;
        }
        var avatar = AVATAR_PATH.matcher(path);
        if (avatar.matches()) {
            relay(request, response, avatar.group(1), "/avatar", MAX_PICTURE_BYTES, false);
            return;
        }
        json.error(response, 404, "Nothing here.");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        if (path.equals("/refresh")) {
            follows.refreshNow();
            json.send(response, 202, Map.of("refreshing", true));
            return;
        }
        if (!path.isEmpty() && !path.equals("/")) {
            json.error(response, 404, "Nothing here.");
            return;
        }
        String address;
        try {
            address = Requests.string(Requests.jsonBody(request), "address");
        } catch (Requests.BadRequest e) {
            json.error(response, e.status(), e.getMessage());
            return;
        }
        try {
            json.send(response, 200, Map.of("friend", FriendJson.friend(follows.follow(address))));
        } catch (FollowException e) {
            if (!e.transientFailure()) {
                json.error(response, status(e), e.getMessage());
                return;
            }
            try {
                follows.followLater(address);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("pending", address);
                body.put("message", (e.reason() == FollowException.Reason.NOT_READY
                        ? "Your node is still connecting to the private network (I2P), so your friend cannot be reached yet."
                        : "Your friend’s node cannot be reached right now (it may be switched off).")
                        + " Your node keeps the address and follows them as soon as it reaches them.");
                json.send(response, 202, body);
            } catch (FollowException later) {
                json.error(response, status(later), later.getMessage());
            }
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        if (path.length() < 2 || path.length() > 300 || path.indexOf('/', 1) >= 0) {
            json.error(response, 404, "Nothing here.");
            return;
        }
        if (follows.unfollow(path.substring(1))) {
            json.send(response, 200, Map.of("unfollowed", path.substring(1)));
        } else {
            json.error(response, 404, "You do not follow " + path.substring(1) + ".");
        }
    }

    static int status(FollowException e) {
        return switch (e.reason()) {
            case INVALID_ADDRESS -> 400;
            case LIMIT -> 409;
            case BAD_PAGE -> 502;
            case NOT_READY -> 503;
            case UNREACHABLE -> 504;
        };
    }

    /** Streams one file from the friend's public site, with the browser's Range, as a picture or video only. */
    private void relay(HttpServletRequest request, HttpServletResponse response, String b32, String remotePath, long max,
            boolean video) throws IOException {
        String range = request.getHeader("Range");
        if (range != null && !SINGLE_RANGE.matcher(range.strip()).matches()) {
            range = null; // several or odd ranges: ask for the whole file (RFC 9110 lets a server ignore Range)
        }
        I2pHttpStream answer;
        try {
            answer = i2p.httpStream("http://" + b32 + remotePath, range == null ? null : range.strip(), MEDIA_TIMEOUT);
        } catch (I2pException e) {
            json.error(response, e.reason() == I2pException.Reason.TIMEOUT ? 504 : 502,
                    "Your friend's node cannot be reached right now: " + e.getMessage());
            return;
        }
        try (answer) {
            int status = answer.status();
            if (status != 200 && status != 206 && status != 416) {
                json.error(response, status == 404 ? 404 : 502, status == 404 ? "Your friend has removed this."
                        : "Your friend's node answered " + status + ".");
                return;
            }
            String type = answer.header("Content-Type");
            String mime = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            boolean allowed = PICTURE_TYPES.contains(mime) || (video && VIDEO_TYPES.contains(mime));
            long length = parseLength(answer.header("Content-Length"));
            if (status != 416 && (!allowed || length < 0 || length > max)) {
                json.error(response, 502, allowed ? "Your friend's file is too large or has no length."
                        : "Your friend's node sent something that is not a picture or video.");
                return;
            }
            response.setStatus(status);
            response.setHeader("Cache-Control", "private, max-age=60");
            // whatever the bytes are, they never run as a page on the node's own site
            response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
            response.setHeader("Accept-Ranges", "bytes");
            String contentRange = answer.header("Content-Range");
            if (contentRange != null && CONTENT_RANGE.matcher(contentRange).matches()) {
                response.setHeader("Content-Range", contentRange);
            }
            if (status == 416) {
                response.setContentLength(0);
                return;
            }
            response.setContentType(mime);
            response.setContentLengthLong(length);
            copy(answer.body(), response.getOutputStream(), length);
        }
    }

    private static long parseLength(String value) {
        if (value == null || !value.strip().matches("\\d{1,19}")) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the friend's node stopped sending");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }
}
