package org.p2pstack.api.content;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The shared folder: the source of truth for the user's content. Each item is a media file plus a
 * {@code .json} sidecar, both written atomically. Files dropped into or removed from the folder by hand
 * become or stop being items; the index is rebuilt from the folder at every start.
 */
public interface ContentLibrary {

    /** The shared folder. */
    Path folder();

    /** Largest accepted upload, in bytes. */
    long maxUploadBytes();

    /** All items, newest first. */
    List<ContentItem> list();

    Optional<ContentItem> get(String id);

    /** The media file of an item, to be read (never written) by the caller. */
    Optional<Path> mediaFile(String id);

    /**
     * The file to stream or seed an item from, to be read (never written) by the caller: the media file itself,
     * or, for a video the user put in the folder whose index is not where a player streaming it needs it (an MP4
     * with its {@code moov} last, a WebM without cues), a streamable copy the library keeps in the node's data
     * folder. The user's file is never rewritten. Making a copy reads and writes the whole video once, so the
     * answer may take a while; a copy is kept across restarts, replaced when the file changes and deleted with
     * the item.
     *
     * @return completes with the file, or empty when there is no such item (or it went meanwhile)
     * @since 1.1
     */
    default CompletableFuture<Optional<Path>> streamableFile(String id) {
        return CompletableFuture.completedFuture(mediaFile(id));
    }

    /** The poster image of an item (JPEG/PNG/WebP bytes), when it has one. */
    Optional<Thumbnail> thumbnail(String id);

    /**
     * Adds an item, streaming {@code data} to disk (never held whole in memory). The type is recognised
     * from the bytes; the file name is made safe; the item appears only when media and sidecar are complete.
     *
     * @param data        the media bytes; read to the end
     * @param fileName    the name the user's file had (may be null or unsafe: it is replaced as needed)
     * @param description what the user wrote, at most {@link #MAX_DESCRIPTION} characters
     * @param thumbnail   an optional poster image, at most {@link #MAX_THUMBNAIL_BYTES}
     */
    ContentItem add(InputStream data, String fileName, String description, Thumbnail thumbnail) throws ContentException;

    /** Removes an item's media file and sidecar; false when there is no such item. */
    boolean remove(String id);

    /** Problems found in the folder (for example an unreadable sidecar), in plain words, newest last. */
    List<String> problems();

    /** Longest description accepted. */
    int MAX_DESCRIPTION = 500;

    /** Largest poster image accepted. */
    int MAX_THUMBNAIL_BYTES = 512 * 1024;

    /** A small image and its MIME type. */
    record Thumbnail(String contentType, byte[] bytes) {
    }
}
