package org.p2pstack.social.internal.copies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.p2pstack.util.web.Json;
import org.p2pstack.util.web.RangeFiles;

/**
 * {@code /copies/<sha256>} on the public site: the copies this node keeps of its friends' pictures and videos, by
 * fingerprint, for the friends' other followers while the friend's computer is off. They check the bytes against the
 * fingerprint their own copy of the friend's feed names; the bytes never run anywhere ({@code sandbox}, and served as
 * plain bytes).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/public/copies/*")
@HttpWhiteboardServletName("p2pstack-public-copies")
public final class CopiesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient FriendCopies copies;
    private final transient Json json = new Json();

    @Activate
    public CopiesServlet(@Reference FriendCopies copies) {
        this.copies = copies;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String info = request.getPathInfo();
        Optional<Path> copy = info == null || info.length() != 65 ? Optional.empty() : copies.copy(info.substring(1));
        if (copy.isEmpty()) {
            json.error(response, 404, "No copy of that here.");
            return;
        }
        response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        RangeFiles.send(request, response, copy.get(), "application/octet-stream", "\"" + info.substring(1) + "\"",
                Files.getLastModifiedTime(copy.get()).toInstant(), "public, max-age=3600");
    }
}
