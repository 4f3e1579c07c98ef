package org.p2pstack.core.internal.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletResponse;

/** The plain page a browser without the node's session cookie sees when it opens a private address. */
final class SignInPage {

    private SignInPage() {
    }

    static void send(HttpServletResponse response) throws IOException {
        String page = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Sign in to p2pstack</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<body style=\"font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem\">"
                + "<h1>This browser is not signed in to your p2pstack node</h1>"
                + "<p>Your node answers only to a browser you signed in, so that other people and programs on this "
                + "computer, and other web sites, cannot use it.</p>"
                + "<p><strong>To sign in</strong>, open p2pstack the way you usually do: from the installer's shortcut or by "
                + "running <code>bin/open</code> in the program folder. It opens this browser with a one-time sign-in link.</p>"
                + "<p>In the operator console, <code>p2p:open</code> prints a fresh link.</p>"
                + "</body></html>";
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        response.setStatus(401);
        response.setContentType("text/html;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
