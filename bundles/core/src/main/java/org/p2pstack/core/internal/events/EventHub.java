package org.p2pstack.core.internal.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.p2pstack.api.events.PageEvents;
import org.p2pstack.api.profile.Profile;
import org.p2pstack.api.profile.ProfileListener;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * Fans out the events other parts of the node publish ({@link PageEvents}) and profile changes to the pages'
 * Server-Sent Event streams. Each open page has a bounded queue; a page too slow to keep up is dropped (it
 * reconnects and reloads the list). It knows no event's contents: each part of the node publishes its own.
 */
@Component(service = { EventHub.class, PageEvents.class, ProfileListener.class })
public final class EventHub implements PageEvents, ProfileListener {

    /** Events kept for one slow subscriber before it is cut off. */
    static final int QUEUE_CAPACITY = 256;
    /** Sent to a subscriber to end its stream. */
    public static final Message CLOSE = new Message("close", "{}");

    private final Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private final Set<BlockingQueue<Message>> subscribers = ConcurrentHashMap.newKeySet();

    /** One SSE message: event name and JSON data. */
    public record Message(String event, String data) {
    }

    public BlockingQueue<Message> subscribe() {
        BlockingQueue<Message> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        subscribers.add(queue);
        return queue;
    }

    public void unsubscribe(BlockingQueue<Message> queue) {
        subscribers.remove(queue);
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    @Override
    public void profileChanged(Profile profile) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("nickname", profile.nickname());
        data.put("bio", profile.bio());
        data.put("hasAvatar", profile.hasAvatar());
        data.put("revision", profile.revision());
        broadcast(new Message("profile", gson.toJson(data)));
    }

    @Override
    public void publish(String event, Object data) {
        if (event == null || !EVENT_NAME.matcher(event).matches()) {
            throw new IllegalArgumentException("Not an event name: " + event);
        }
        broadcast(new Message(event, gson.toJson(data)));
    }

    public void broadcast(Message message) {
        for (BlockingQueue<Message> queue : subscribers) {
            if (!queue.offer(message)) {
                subscribers.remove(queue);
                queue.clear();
                queue.offer(CLOSE);
            }
        }
    }

    @Deactivate
    void deactivate() {
        for (BlockingQueue<Message> queue : subscribers) {
            queue.clear();
            queue.offer(CLOSE);
        }
        subscribers.clear();
    }
}
