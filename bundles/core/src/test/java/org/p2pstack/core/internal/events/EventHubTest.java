package org.p2pstack.core.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.concurrent.BlockingQueue;

import org.junit.jupiter.api.Test;

class EventHubTest {

    @Test
    void aPublishedEventReachesEveryPageAsJson() {
        EventHub hub = new EventHub();
        BlockingQueue<EventHub.Message> page = hub.subscribe();
        hub.publish("torrent", Map.of("id", "a"));
        assertEquals(new EventHub.Message("torrent", "{\"id\":\"a\"}"), page.poll());
    }

    @Test
    void anEventNameCannotBreakTheStream() {
        EventHub hub = new EventHub();
        assertThrows(IllegalArgumentException.class, () -> hub.publish("x\ndata: forged", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> hub.publish(null, Map.of()));
    }
}
