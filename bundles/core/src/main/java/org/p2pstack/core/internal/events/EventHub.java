package org.p2pstack.core.internal.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.p2pstack.api.content.ContentEvent;
import org.p2pstack.api.content.ContentListener;
import org.p2pstack.api.profile.Profile;
import org.p2pstack.api.profile.ProfileListener;
import org.p2pstack.core.internal.content.ContentJson;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * Fans out content and profile changes to the pages' Server-Sent Event streams. Each open page has a bounded
 * queue; a page too slow to keep up is dropped (it reconnects and reloads the list).
 */
@Component(service = { EventHub.class, ContentListener.class, ProfileListener.class })
public final class EventHub implements ContentListener, ProfileListener {

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
    public void contentChanged(ContentEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", event.type().name().toLowerCase(java.util.Locale.ROOT));
        data.put("item", ContentJson.item(event.item(), "/api/content/{id}/media", "/api/content/{id}/thumbnail"));
        broadcast(new Message("content", gson.toJson(data)));
    }

    @Override
    public void problemsChanged(java.util.List<String> problems) {
        broadcast(new Message("problems", gson.toJson(Map.of("problems", problems))));
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

    /** Sends an event of another part of the node (chat, directory) to every page: {@code data} becomes JSON. */
    public void publish(String event, Object data) {
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
