package org.p2pstack.social.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.p2pstack.api.events.PageEvents;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The page events a test's services publish, as the pages would receive them: event name and JSON. */
public final class RecordedPageEvents implements PageEvents {

    /** One event as an open page receives it. */
    public record Message(String event, String data) {
    }

    private final Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private final BlockingQueue<Message> published = new LinkedBlockingQueue<>();

    @Override
    public void publish(String event, Object data) {
        if (event == null || !EVENT_NAME.matcher(event).matches()) {
            throw new IllegalArgumentException("Not an event name: " + event);
        }
        published.add(new Message(event, gson.toJson(data)));
    }

    /** Forgets what was published so far and returns the queue of what comes from now on. */
    public BlockingQueue<Message> subscribe() {
        published.clear();
        return published;
    }
}
