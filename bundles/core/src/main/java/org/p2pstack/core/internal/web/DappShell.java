package org.p2pstack.core.internal.web;

import java.io.IOException;

import javax.servlet.http.HttpServletResponse;

import org.p2pstack.api.dapp.Dapp;

/**
 * The page the owner opens for a dApp: the node's own small page (its CSP, its script) holding the dApp in a sandboxed
 * frame. The frame's document has an opaque origin: it cannot read the owner's cookie or call the node, so code a
 * friend wrote never runs in the owner's origin. Everything the dApp asks of the node goes through the shell
 * ({@code /sdk/shell.js}), which forwards only the calls the dApp's permissions allow.
 */
final class DappShell {

    static final String FRAME_DIR = "_app";
    /** The dApp's own pages, inside the frame: scripts of its own, no plugins, nothing framing it but the shell. */
    static final String FRAME_CSP = "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads; "
            + "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            + "media-src 'self' blob:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
    private static final String FRAME_SANDBOX = "allow-scripts allow-forms allow-popups allow-modals allow-downloads";

    private DappShell() {
    }

    static void send(HttpServletResponse response, Dapp dapp, String file, String query) throws IOException {
        String src = "/dapps/" + dapp.name() + "/" + FRAME_DIR + "/" + (file.equals("index.html") ? "" : file)
                + (query == null || query.isEmpty() ? "" : "?" + query);
        response.setContentType("text/html;charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        response.getWriter().write("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + html(dapp.title()) + "</title>"
                + "<link rel=\"icon\" href=\"" + (dapp.iconUrl().isEmpty() ? "data:," : html(dapp.iconUrl())) + "\">"
                + "<link rel=\"stylesheet\" href=\"/sdk/shell.css\"><script type=\"module\" src=\"/sdk/shell.js\"></script>"
                + "</head><body data-dapp=\"" + html(dapp.name()) + "\">"
                + "<header class=\"p2pstack-shell\"><a href=\"/\">← p2pstack</a> <span>" + html(dapp.title()) + "</span>"
                + " <span id=\"p2pstack-shell-status\" role=\"status\"></span></header>"
                + "<iframe id=\"p2pstack-dapp\" title=\"" + html(dapp.title()) + "\" sandbox=\"" + FRAME_SANDBOX + "\" src=\""
                + html(src) + "\"></iframe></body></html>");
    }

    static String html(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
            case '<' -> out.append("&lt;");
            case '>' -> out.append("&gt;");
            case '&' -> out.append("&amp;");
            case '"' -> out.append("&quot;");
            case '\'' -> out.append("&#39;");
            default -> out.append(c);
            }
        }
        return out.toString();
    }
}
