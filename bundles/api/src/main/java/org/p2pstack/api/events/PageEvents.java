package org.p2pstack.api.events;

import java.util.regex.Pattern;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Provided by core: sends events to the owner's open pages ({@code GET /api/events}, Server-Sent Events). The
 * pages listen by event name, for example {@code content}, {@code problems}, {@code profile}, {@code torrent},
 * {@code friends}, {@code chat}, {@code chatrooms}, {@code directory}. Only the owner's pages on the private
 * site receive them; visitors never do.
 */
@ProviderType
public interface PageEvents {

    /** What an event name may be: it is written into the SSE stream as it is. */
    Pattern EVENT_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /**
     * Sends {@code data} as JSON to every open page as the event {@code event}. {@code data} is made of maps,
     * lists, strings, numbers, booleans, nulls and records of those. Never blocks: a page too slow to keep up is
     * cut off (it reconnects and reloads what it shows).
     *
     * @throws IllegalArgumentException when {@code event} does not match {@link #EVENT_NAME}
     */
    void publish(String event, Object data);
}
