package org.p2pstack.torrent.internal;

import java.io.IOException;
import java.util.Locale;
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

/**
 * {@code GET /torrents/<info hash>.torrent} on both sites. The web seed inside points back at the host the
 * request came to, so the owner's browser gets {@code 127.0.0.1} and a visitor over I2P gets the node's
 * {@code .b32.i2p} name.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/torrents/*", "/public/torrents/*" })
@HttpWhiteboardServletName("p2pstack-torrent-files")
public final class TorrentFileServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** A Host we are willing to write into a web seed URL. */
    static final Pattern HOST = Pattern.compile("[a-z0-9.-]{1,255}(:[0-9]{1,5})?|\\[[0-9a-f:]{2,39}\\](:[0-9]{1,5})?");

    private final transient TorrentServiceImpl torrents;

    @Activate
    public TorrentFileServlet(@Reference TorrentServiceImpl torrents) {
        this.torrents = torrents;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String host = request.getHeader("Host") == null ? "" : request.getHeader("Host").toLowerCase(Locale.ROOT);
        Optional<byte[]> file = Optional.empty();
        if (path.endsWith(".torrent") && path.length() == 1 + 40 + 8 && HOST.matcher(host).matches()) {
            file = torrents.torrentFile(path.substring(1, 41), "http://" + host);
        }
        if (file.isEmpty()) {
            response.setStatus(404);
            response.setContentType("application/json;charset=utf-8");
            response.getWriter().write("{\"error\":\"This node does not seed that torrent.\"}");
            return;
        }
        response.setContentType("application/x-bittorrent");
        // same-origin readers only (the node's own pages): no Access-Control-Allow-Origin
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(file.get().length);
        response.getOutputStream().write(file.get());
    }
}
