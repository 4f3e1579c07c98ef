package org.p2pstack.core.internal.content;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.p2pstack.api.content.ContentException;
import org.p2pstack.api.content.ContentItem;
import org.p2pstack.api.content.ContentLibrary;
import org.p2pstack.api.content.ContentLibrary.Thumbnail;
import org.p2pstack.util.web.Json;
import org.p2pstack.util.web.RangeFiles;
import org.p2pstack.util.web.Requests;

/**
 * The private content API:
 * <ul>
 * <li>{@code GET /api/content}: items newest first, the upload limit and any folder problems</li>
 * <li>{@code POST /api/content/thumbnails}: stage a poster image (small), answers a token</li>
 * <li>{@code POST /api/content?name=&description=&thumbnail=}: the raw media bytes as the body, streamed to disk</li>
 * <li>{@code GET /api/content/<id>}, {@code DELETE /api/content/<id>}</li>
 * <li>{@code GET /api/content/<id>/media} (HTTP Range) and {@code /api/content/<id>/thumbnail}</li>
 * </ul>
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/api/content", "/api/content/*" })
@HttpWhiteboardServletName("p2pstack-api-content")
public final class ContentServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String MEDIA = "/api/content/{id}/media";
    static final String THUMBNAIL = "/api/content/{id}/thumbnail";
    /** Poster images waiting for their upload; the oldest are dropped beyond this many. */
    static final int MAX_STAGED_THUMBNAILS = 16;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{32}");

    private final transient ContentLibrary library;
    private final transient ItemDescriptions descriptions;
    private final transient Json json = new Json();
    private final transient SecureRandom random = new SecureRandom();
    private final transient Map<String, Thumbnail> staged = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Thumbnail> eldest) {
            return size() > MAX_STAGED_THUMBNAILS;
        }
    };

    @Activate
    public ContentServlet(@Reference ContentLibrary library, @Reference ItemDescriptions descriptions) {
        this.library = library;
        this.descriptions = descriptions;
    }

    /** An item with the parts other bundles add (its torrent, when it has one or is being hashed). */
    private Map<String, Object> itemJson(ContentItem item) {
        return descriptions.owner(item, MEDIA, THUMBNAIL);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] parts = parts(request);
        if (parts.length == 0) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("items", library.list().stream().map(i -> itemJson(i)).toList());
            body.put("maxUploadBytes", library.maxUploadBytes());
            body.put("folder", library.folder().toString());
            body.put("problems", library.problems());
            json.send(response, 200, body);
            return;
        }
        Optional<ContentItem> item = item(parts[0]);
        if (item.isEmpty()) {
            json.error(response, 404, "This item does not exist (it may have been deleted).");
            return;
        }
        if (parts.length == 1) {
            json.send(response, 200, itemJson(item.get()));
        } else if (parts.length == 2 && "media".equals(parts[1])) {
            sendMedia(request, response, library, item.get(), "private, no-cache");
        } else if (parts.length == 2 && "thumbnail".equals(parts[1])) {
            sendThumbnail(response, library, item.get(), "private, max-age=3600");
        } else {
            json.error(response, 404, "Nothing here.");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] parts = parts(request);
        if (parts.length == 1 && "thumbnails".equals(parts[0])) {
            stageThumbnail(request, response);
            return;
        }
        if (parts.length != 0) {
            json.error(response, 404, "Nothing here.");
            return;
        }
        Map<String, String> query = Requests.query(request);
        long declared = request.getContentLengthLong();
        if (declared > library.maxUploadBytes()) {
            Requests.discardBody(request);
            json.error(response, 413, "This file is too big. The largest file you can publish is "
                    + ContentStore.humanSize(library.maxUploadBytes()) + ".");
            return;
        }
        Thumbnail thumbnail = null;
        String token = query.get("thumbnail");
        if (token != null && !token.isEmpty()) {
            synchronized (staged) {
                thumbnail = TOKEN.matcher(token).matches() ? staged.remove(token) : null;
            }
            if (thumbnail == null) {
                json.error(response, 400, "The preview picture was not found. Please publish again.");
                return;
            }
        }
        try {
            ContentItem item = library.add(request.getInputStream(), query.get("name"), query.get("description"), thumbnail);
            json.send(response, 201, itemJson(item));
        } catch (ContentException e) {
            Requests.discardBody(request); // refused part-way: the client still sees why
            json.error(response, status(e.reason()), e.getMessage());
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] parts = parts(request);
        if (parts.length != 1 || item(parts[0]).isEmpty()) {
            json.error(response, 404, "This item does not exist (it may have been deleted already).");
            return;
        }
        if (!library.remove(parts[0])) {
            json.error(response, 409, "The item could not be deleted. Is the file open in another program?");
            return;
        }
        json.send(response, 200, Map.of("deleted", parts[0]));
    }

    private void stageThumbnail(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] bytes;
        try {
            bytes = Requests.body(request, ContentLibrary.MAX_THUMBNAIL_BYTES, "The preview picture is too big.");
        } catch (Requests.BadRequest e) {
            json.error(response, e.status(), e.getMessage());
            return;
        }
        MediaTypes.Type type = MediaTypes.sniff(bytes, bytes.length);
        if (type == null || type.kind() != ContentItem.Kind.PICTURE || type == MediaTypes.GIF) {
            json.error(response, 415, "The preview picture is not a JPEG, PNG or WebP image.");
            return;
        }
        byte[] id = new byte[16];
        random.nextBytes(id);
        String token = HexFormat.of().formatHex(id);
        synchronized (staged) {
            staged.put(token, new Thumbnail(type.mime(), bytes));
        }
        json.send(response, 201, Map.of("thumbnail", token));
    }

    static int status(ContentException.Reason reason) {
        return switch (reason) {
            case TOO_LARGE -> 413;
            case UNSUPPORTED_TYPE -> 415;
            case EMPTY, INVALID, INCOMPLETE -> 400;
            case STORAGE -> 507;
        };
    }

    static void sendMedia(HttpServletRequest request, HttpServletResponse response, ContentLibrary library,
            ContentItem item, String cacheControl) throws IOException {
        Optional<java.nio.file.Path> file = library.mediaFile(item.id());
        if (file.isEmpty()) {
            new Json().error(response, 404, "This item is no longer there.");
            return;
        }
        RangeFiles.send(request, response, file.get(), item.contentType(), item.sha256(), item.created(), cacheControl);
    }

    static void sendThumbnail(HttpServletResponse response, ContentLibrary library, ContentItem item, String cacheControl)
            throws IOException {
        Optional<Thumbnail> thumbnail = library.thumbnail(item.id());
        if (thumbnail.isEmpty()) {
            new Json().error(response, 404, "This item has no preview picture.");
            return;
        }
        response.setContentType(thumbnail.get().contentType());
        response.setHeader("Cache-Control", cacheControl);
        response.setContentLength(thumbnail.get().bytes().length);
        response.getOutputStream().write(thumbnail.get().bytes());
    }

    private Optional<ContentItem> item(String id) {
        return ID.matcher(id).matches() ? library.get(id) : Optional.empty();
    }

    private static String[] parts(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || info.equals("/")) {
            return new String[0];
        }
        return List.of(info.substring(1).split("/")).toArray(String[]::new);
    }
}
