package org.p2pstack.util.web;

import java.io.IOException;
import java.util.Map;

import javax.servlet.http.HttpServletResponse;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** Writes JSON answers; every error is {@code {"error": "..."}} with a 4xx/5xx status, never a stack trace. */
public final class Json {

    private final Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    public void send(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = gson.toJson(body).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    public void error(HttpServletResponse response, int status, String message) throws IOException {
        send(response, status, Map.of("error", message));
    }
}
