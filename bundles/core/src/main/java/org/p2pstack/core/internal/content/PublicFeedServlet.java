package org.p2pstack.core.internal.content;

import java.io.IOException;
import java.util.LinkedHashMap;
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
import org.p2pstack.api.content.ContentItem;
import org.p2pstack.api.content.ContentLibrary;
import org.p2pstack.util.web.Json;

/**
 * The public, read-only view of the content on the public connector (what friends will see): {@code /feed.json},
 * {@code /media/<id>} with HTTP Range and {@code /thumbnail/<id>}. Registered under {@code /public/...}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/public/feed.json", "/public/media/*", "/public/thumbnail/*" })
@HttpWhiteboardServletName("p2pstack-public-feed")
public final class PublicFeedServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Pattern ID = Pattern.compile("/([0-9a-f]{16})");

    private final transient ContentLibrary library;
    private final transient ItemDescriptions descriptions;
    private final transient Json json = new Json();

    @Activate
    public PublicFeedServlet(@Reference ContentLibrary library, @Reference ItemDescriptions descriptions) {
        this.library = library;
        this.descriptions = descriptions;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String servletPath = request.getServletPath();
        if ("/public/feed.json".equals(servletPath)) {
            Map<String, Object> body = new LinkedHashMap<>();
            // videos play from the torrent's web seed (its part adds webSeedUrl): plain HTTP ranges, never WebRTC
            body.put("items", library.list().stream().map(i -> descriptions.visitor(i, "/media/{id}", "/thumbnail/{id}")).toList());
            json.send(response, 200, body);
            return;
        }
        String info = request.getPathInfo();
        var m = info == null ? null : ID.matcher(info);
        Optional<ContentItem> item = m != null && m.matches() ? library.get(m.group(1)) : Optional.empty();
        if (item.isEmpty()) {
            json.error(response, 404, "Not found.");
            return;
        }
        if ("/public/media".equals(servletPath)) {
            ContentServlet.sendMedia(request, response, library, item.get(), "public, max-age=60");
        } else {
            ContentServlet.sendThumbnail(response, library, item.get(), "public, max-age=300");
        }
    }
}
