package org.p2pstack.api.content;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: a bundle that knows more about items than the library (a torrent of a video, for
 * example) adds its own parts to the JSON description of each item that pages get: the owner's list
 * ({@code GET /api/content} and {@code /api/content/<id>}) and the public feed visitors read
 * ({@code /feed.json}). Parts come after the library's own keys, which they cannot replace.
 *
 * @since 1.1
 */
@ConsumerType
@FunctionalInterface
public interface ContentItemParts {

    /** Who reads an item's description. */
    enum Audience {
        /** the owner's pages on the private site */
        OWNER,
        /** visitors, through the public site's feed: never put anything private here */
        VISITOR
    }

    /**
     * This bundle's parts of {@code item}'s description for {@code audience}, by key, in the order to show them;
     * a value may be null (the key is then sent with {@code null}), and the map is empty for none. Values are
     * JSON-able: maps, lists, strings, numbers, booleans, nulls and records of those. Called for every item of
     * every list: it must answer from memory, never block.
     */
    Map<String, Object> parts(ContentItem item, Audience audience);
}
