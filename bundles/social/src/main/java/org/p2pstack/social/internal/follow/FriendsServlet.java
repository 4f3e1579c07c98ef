package org.p2pstack.social.internal.follow;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.api.directory.Directory;
import org.p2pstack.api.events.PageEvents;
import org.p2pstack.api.follow.FollowException;
import org.p2pstack.api.follow.FollowService;
import org.p2pstack.api.follow.Friend;
import org.p2pstack.api.follow.FriendItem;
import org.p2pstack.api.follow.FriendPage;
import org.p2pstack.api.i2p.I2pException;
import org.p2pstack.api.i2p.I2pHttpStream;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.social.internal.copies.FriendCopies;
import org.p2pstack.social.internal.profile.HomeState;
import org.p2pstack.util.web.Json;
import org.p2pstack.util.web.RangeFiles;
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
    static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(10);
    /** Largest media relayed in one answer (a range of a bigger file is fine). */
    /** How long the Follow button waits for the friend's node before answering "later"... */
    static final Duration ANSWER_WITHIN = Duration.ofMillis(800);
    /** ...and when the page the person is looking at came from that node moments ago: it is up, just slow. */
    static final Duration ANSWER_WITHIN_AFTER_VISIT = Duration.ofSeconds(20);
    static final Duration VISIT_FRESH = Duration.ofMinutes(5);
    /** How long a friend's video waits for the friend's computer before it is fetched from a follower's copy. */
    static final Duration COPY_AFTER = Duration.ofSeconds(5);
    /** How long a visit to someone followed waits before it shows the page this node keeps of them. */
    static final Duration KEPT_PAGE_AFTER = Duration.ofSeconds(5);
    static final int MAX_VISITS_REMEMBERED = 64;
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
    private final transient PageEvents events;
    private final transient FriendCopies copies;
    private transient volatile Directory directory;
    /** Friends' files being opened over I2P (a video player asks for several ranges at once). */
    private final transient ThreadPoolExecutor openers = new ThreadPoolExecutor(0, 32, 30, TimeUnit.SECONDS,
            new java.util.concurrent.SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "p2pstack-friend-media");
                t.setDaemon(true);
                return t;
            });
    /** b32 → when its node last answered a visit (System.nanoTime); the newest few only. */
    private final transient Map<String, Long> answeredRecently = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                    return size() > MAX_VISITS_REMEMBERED;
                }
            });
    /** Follows under way: each may wait for a friend's node for a minute. */
    private final transient ThreadPoolExecutor followers = new ThreadPoolExecutor(0, 4, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(16), r -> {
                Thread t = new Thread(r, "p2pstack-follow");
                t.setDaemon(true);
                return t;
            });

    @Activate
    public FriendsServlet(@Reference FollowService follows, @Reference I2pService i2p, @Reference PageEvents events,
            @Reference FriendCopies copies) {
        this.copies = copies;
        this.follows = follows;
        this.i2p = i2p;
        this.events = events;
    }

    /** The directory, when the swarm stack runs: names for addresses waiting to be followed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setDirectory(Directory directory) {
        this.directory = directory;
    }

    void unsetDirectory(Directory directory) {
        if (this.directory == directory) {
            this.directory = null;
        }
    }

    @Deactivate
    void deactivate() {
        followers.shutdownNow();
        openers.shutdownNow();
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
            body.put("waiting", follows.pending().stream().map(p -> Map.of("address", p, "nickname", nicknameOf(p))).toList());
            body.put("items", follows.friendsItems().stream().map(this::itemWithCopy).toList());
            json.send(response, 200, body);
            return;
        }
        if (path.equals("/visit")) {
            visit(Requests.query(request).get("address"), response);
            return;
        }
        var media = MEDIA_PATH.matcher(path);
        if (media.matches() && media.group(2).equals("media")) {
            FriendItem item = follows.friendsItems().stream()
                    .filter(i -> i.b32().equals(media.group(1)) && i.id().equals(media.group(3))).findFirst().orElse(null);
            Optional<Path> copy = item == null ? Optional.empty() : copies.copy(item.sha256());
            if (copy.isPresent()) {
                serveCopy(request, response, copy.get(), item, "copy"); // ours, checked against the friend's fingerprint
                return;
            }
            if (relay(request, response, media.group(1), "/media/" + media.group(3), MAX_MEDIA_BYTES, true, item != null)) {
                return;
            }
            // the friend's computer is off: another follower of theirs may keep a copy
            if (copies.fetchFromKeepers(item)) {
                serveCopy(request, response, copies.copy(item.sha256()).orElseThrow(), item, "keeper");
            } else {
                json.error(response, 504, item.nickname() + "’s computer is off and nobody who follows them keeps a copy of this."
                        + " It plays again when " + item.nickname() + " is back.");
            }
            return;
        }
        if (media.matches()) {
            boolean video = media.group(2).equals("media");
            relay(request, response, media.group(1), "/" + media.group(2) + "/" + media.group(3),
                    video ? MAX_MEDIA_BYTES : MAX_PICTURE_BYTES, video, false);
            return;
        }
        var avatar = AVATAR_PATH.matcher(path);
        if (avatar.matches()) {
            relay(request, response, avatar.group(1), "/avatar", MAX_PICTURE_BYTES, false, false);
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
        // a friend who answers is followed before the answer; one who does not gets a "later" at once, and the node
        // keeps trying: nobody waits a minute in front of a button
        CompletableFuture<Friend> attempt = new CompletableFuture<>();
        try {
            followers.execute(() -> {
                try {
                    attempt.complete(follows.follow(address));
                } catch (FollowException | RuntimeException e) {
                    attempt.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            json.error(response, 503, "Too many follows at once. Try again in a moment.");
            return;
        }
        try {
            Duration wait = justAnswered(HomeState.normalise(address)) ? ANSWER_WITHIN_AFTER_VISIT : ANSWER_WITHIN;
            json.send(response, 200, Map.of("friend", FriendJson.friend(attempt.get(wait.toMillis(), TimeUnit.MILLISECONDS))));
        } catch (TimeoutException e) {
            keepTrying(address, attempt, response);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof FollowException failure)) {
                json.error(response, 500, "Following failed: " + e.getCause());
                return;
            }
            if (!failure.transientFailure()) {
                json.error(response, status(failure), failure.getMessage());
                return;
            }
            keepTrying(address, attempt, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            json.error(response, 503, "Interrupted.");
        }
    }

    /** Keeps the address to follow, answers 202 at once, and reports how the attempt under way ends. */
    private void keepTrying(String address, CompletableFuture<Friend> attempt, HttpServletResponse response) throws IOException {
        try {
            follows.followLater(address);
        } catch (FollowException later) {
            json.error(response, status(later), later.getMessage());
            return;
        }
        String b32 = HomeState.normalise(address);
        String nickname = nicknameOf(b32);
        String who = nickname.isEmpty() ? "Your friend" : nickname;
        attempt.whenComplete((friend, failure) -> {
            if (failure instanceof FollowException f && !f.transientFailure()) {
                follows.unfollow(address); // no longer waiting: it can never work
                events.publish("friends", Map.of("type", "follow-failed", "address", b32 == null ? address : b32,
                        "message", f.getMessage()));
            }
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pending", true);
        body.put("address", b32 == null ? address : b32);
        body.put("nickname", nickname);
        body.put("message", who + "’s computer has not answered yet (it may be switched off). You will follow "
                + (nickname.isEmpty() ? "them" : nickname) + " as soon as it is back.");
        json.send(response, 202, body);
    }

    /**
     * Shows a person's page fetched now. For someone followed, whose page this node keeps, it waits
     * {@link #KEPT_PAGE_AFTER} at most: then it shows the kept page at once and lets the fetch go on (a newer page
     * arrives as a friends event).
     */
    private void visit(String address, HttpServletResponse response) throws IOException {
        Optional<Map<String, Object>> kept = keptPage(address, false);
        CompletableFuture<FriendPage> attempt = new CompletableFuture<>();
        try {
            followers.execute(() -> {
                try {
                    attempt.complete(follows.visit(address));
                } catch (FollowException | RuntimeException e) {
                    attempt.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            json.error(response, 503, "Too many visits at once. Try again in a moment.");
            return;
        }
        try {
            FriendPage page = kept.isPresent() ? attempt.get(KEPT_PAGE_AFTER.toMillis(), TimeUnit.MILLISECONDS) : attempt.get();
            answeredRecently.put(page.b32(), System.nanoTime());
            json.send(response, 200, FriendJson.page(page));
        } catch (TimeoutException e) {
            json.send(response, 200, keptPage(address, true).orElseThrow());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof FollowException failure)) {
                json.error(response, 500, "The visit failed: " + e.getCause());
            } else if (failure.transientFailure() && kept.isPresent()) {
                json.send(response, 200, keptPage(address, true).orElseThrow());
            } else {
                json.error(response, status(failure), failure.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            json.error(response, 503, "Interrupted.");
        }
    }

    /** A followed friend's item, saying whether this node keeps a copy of it. */
    private Map<String, Object> itemWithCopy(FriendItem item) {
        Map<String, Object> json = new LinkedHashMap<>(FriendJson.item(item));
        json.put("copy", copies.copy(item.sha256()).isPresent());
        // "from Bob's copy": the page says where a friend's file came from when it was not from the friend
        copies.keeperOf(item.sha256()).ifPresent(k -> json.put("copyFrom", Map.of("b32", k.b32(), "nickname", k.nickname())));
        return json;
    }

    /**
     * A followed friend's page as this node last fetched it, for when their computer is off: their posts play from
     * the copies kept here (or by other followers of theirs).
     */
    private Optional<Map<String, Object>> keptPage(String address, boolean off) {
        String b32 = HomeState.normalise(address);
        Friend friend = follows.following().stream().filter(f -> f.b32().equals(b32) || (f.name() != null && f.name().equals(b32)))
                .findFirst().orElse(null);
        if (friend == null) {
            return Optional.empty();
        }
        List<FriendItem> items = follows.friendsItems().stream().filter(i -> i.b32().equals(friend.b32())).toList();
        Map<String, Object> page = new LinkedHashMap<>(FriendJson.page(new FriendPage(friend.nickname(), friend.b32(),
                friend.seq(), "", false, items, true)));
        page.put("items", items.stream().map(this::itemWithCopy).toList());
        page.put("offline", off);
        page.put("message", friend.nickname() + "’s computer is not answering right now (it may be switched off). This is"
                + " their page as your node last saw it" + (friend.lastFetched() == null ? "" : " (" + friend.lastFetched() + ")")
                + "; what your node or their other followers keep still plays.");
        return Optional.of(page);
    }

    /** Whether the person's page was just shown (their node answered a visit in the last minutes). */
    private boolean justAnswered(String b32) {
        Long at = b32 == null ? null : answeredRecently.get(b32);
        return at != null && System.nanoTime() - at < VISIT_FRESH.toNanos();
    }

    /** The nickname the directory knows for {@code b32}, or "". */
    private String nicknameOf(String b32) {
        Directory known = directory;
        if (b32 == null || known == null || !b32.endsWith(".b32.i2p")) {
            return "";
        }
        return known.find(b32).map(ProfileRecord::nickname).orElse("");
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

    /**
     * Opens a friend's file over I2P and reads the answer's head, waiting {@code wait} at most (I2P itself may take
     * far longer to give up on a computer that is off); null when it did not answer by then. A stream that opens too
     * late is closed.
     */
    private I2pHttpStream openWithin(String b32, String remotePath, String range, Duration wait) {
        CompletableFuture<I2pHttpStream> opening = new CompletableFuture<>();
        try {
            openers.execute(() -> {
                try {
                    opening.complete(i2p.httpStream("http://" + b32 + remotePath, range == null ? null : range.strip(), MEDIA_TIMEOUT));
                } catch (I2pException | RuntimeException e) {
                    opening.completeExceptionally(e);
                }
            });
            return opening.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | RejectedExecutionException | ExecutionException e) {
            opening.whenComplete((late, failure) -> {
                if (late != null) {
                    try {
                        late.close();
                    } catch (IOException ignored) {
                        // nobody reads it
                    }
                }
            });
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Serves a kept copy of a friend's picture or video, saying where it came from ({@code X-P2PStack-Source}). */
    private static void serveCopy(HttpServletRequest request, HttpServletResponse response, Path file, FriendItem item,
            String source) throws IOException {
        String type = item.contentType() == null ? "" : item.contentType().toLowerCase(Locale.ROOT);
        if (!VIDEO_TYPES.contains(type) && !PICTURE_TYPES.contains(type)) {
            type = "application/octet-stream";
        }
        response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        response.setHeader("X-P2PStack-Source", source);
        RangeFiles.send(request, response, file, type, "\"" + item.sha256() + "\"",
                Files.getLastModifiedTime(file).toInstant(), "private, max-age=60");
    }

    /**
     * Streams one file from the friend's public site, with the browser's Range, as a picture or video only. With
     * {@code quietWhenOff}, a friend who cannot be reached gets no answer here (false): the caller tries copies.
     */
    private boolean relay(HttpServletRequest request, HttpServletResponse response, String b32, String remotePath, long max,
            boolean video, boolean quietWhenOff) throws IOException {
        String range = request.getHeader("Range");
        if (range != null && !SINGLE_RANGE.matcher(range.strip()).matches()) {
            range = null; // several or odd ranges: ask for the whole file (RFC 9110 lets a server ignore Range)
        }
        I2pHttpStream answer = openWithin(b32, remotePath, range, quietWhenOff ? COPY_AFTER : MEDIA_TIMEOUT);
        if (answer == null) {
            if (quietWhenOff) {
                return false;
            }
            json.error(response, 504, "Your friend’s computer cannot be reached right now (it may be switched off).");
            return true;
        }
        try (answer) {
            int status = answer.status();
            if (status != 200 && status != 206 && status != 416) {
                json.error(response, status == 404 ? 404 : 502, status == 404 ? "Your friend has removed this."
                        : "Your friend's node answered " + status + ".");
                return true;
            }
            String type = answer.header("Content-Type");
            String mime = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            boolean allowed = PICTURE_TYPES.contains(mime) || (video && VIDEO_TYPES.contains(mime));
            long length = parseLength(answer.header("Content-Length"));
            if (status != 416 && (!allowed || length < 0 || length > max)) {
                json.error(response, 502, allowed ? "Your friend's file is too large or has no length."
                        : "Your friend's node sent something that is not a picture or video.");
                return true;
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
                return true;
            }
            response.setContentType(mime);
            response.setContentLengthLong(length);
            copy(answer.body(), response.getOutputStream(), length);
        }
        return true;
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
