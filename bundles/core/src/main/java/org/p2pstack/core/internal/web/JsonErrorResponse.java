package org.p2pstack.core.internal.web;

import java.io.IOException;

import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

import org.p2pstack.util.web.Json;

/**
 * Wraps the response of a dApp's own servlet so that its {@code sendError} answers {@code {"error": ...}} like every
 * other API of the node, instead of Jetty's HTML error page (which also shows internals).
 */
final class JsonErrorResponse extends HttpServletResponseWrapper {

    private final Json json;

    JsonErrorResponse(HttpServletResponse response, Json json) {
        super(response);
        this.json = json;
    }

    @Override
    public void sendError(int status) throws IOException {
        sendError(status, null);
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        if (isCommitted()) {
            super.sendError(status, message);
            return;
        }
        resetBuffer();
        json.error((HttpServletResponse) getResponse(), status,
                message == null || message.isBlank() ? plainWords(status) : message);
    }

    static String plainWords(int status) {
        return switch (status) {
            case 400 -> "The app did not understand this request.";
            case 401, 403 -> "The app refused this request.";
            case 404 -> "The app has nothing at this address.";
            case 405 -> "The app does not take this kind of request here.";
            case 413 -> "That is too large for the app.";
            case 503 -> "The app is not ready yet; try again in a moment.";
            default -> status >= 500 ? "The app failed while answering." : "The app answered with status " + status + ".";
        };
    }
}
