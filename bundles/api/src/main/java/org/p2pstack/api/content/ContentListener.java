package org.p2pstack.api.content;

/**
 * Whiteboard service: every registered listener hears about every change to the shared folder, whether it
 * came through the API or from a file added or removed by hand. Called from a library thread; must not block.
 */
@FunctionalInterface
public interface ContentListener {

    void contentChanged(ContentEvent event);

    /**
     * The problems found in the shared folder changed (for example a damaged sidecar, or a file that is not a
     * video or picture); {@code problems} is the current list in plain words, as {@link ContentLibrary#problems()}.
     */
    default void problemsChanged(java.util.List<String> problems) {
    }
}
