package org.p2pstack.api.content;

/**
 * A change in the shared folder.
 *
 * @param type what happened
 * @param item the item after the change ({@link Type#REMOVED}: as it was before)
 */
public record ContentEvent(Type type, ContentItem item) {

    /** Kinds of change. */
    public enum Type {
        ADDED, UPDATED, REMOVED
    }
}
