package org.p2pstack.api.content;

/**
 * Whiteboard service: every registered listener hears about every change to the shared folder, whether it
 * came through the API or from a file added or removed by hand. Called from a library thread; must not block.
 */
@FunctionalInterface
public interface ContentListener {

    void contentChanged(ContentEvent event);
}
