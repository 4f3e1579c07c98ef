package org.p2pstack.itests.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/** Reads a node's Server-Sent Events stream ({@code /api/events}) on a daemon thread, as the page does. */
public final class ServerSentEvents {

    private ServerSentEvents() {
    }

    /**
     * Opens {@code uri} and calls {@code onEvent(event, data)} for every data line, as it arrives, until the
     * stream ends (the node stopped). Returns once the stream is open.
     */
    public static void follow(HttpClient http, URI uri, String threadName, BiConsumer<String, String> onEvent)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String event = "";
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        onEvent.accept(event, line.substring(6));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the stream ended (the node stopped)
            }
        }, threadName);
        reader.setDaemon(true);
        reader.start();
    }
}
