package org.p2pstack.api.content;

import java.time.Instant;

/**
 * One piece of the user's content: a media file in the shared folder plus its {@code .json} sidecar.
 *
 * @param id           stable short identifier (derived from the file name), safe in URLs
 * @param fileName     the media file's name in the shared folder
 * @param kind         {@link Kind#VIDEO} or {@link Kind#PICTURE}
 * @param contentType  MIME type, recognised from the file's bytes
 * @param size         bytes
 * @param sha256       lower-case hex SHA-256 of the media file
 * @param description  what the user wrote (or a description generated from the file name)
 * @param created      when it was published (or the file's modification time when dropped by hand)
 * @param hasThumbnail whether a poster image is stored in the sidecar
 * @param origin       {@link Origin#PUBLISHED} through the page/API, or {@link Origin#DROPPED} by hand
 */
public record ContentItem(String id, String fileName, Kind kind, String contentType, long size, String sha256,
        String description, Instant created, boolean hasThumbnail, Origin origin) {

    /** What sort of media an item is. */
    public enum Kind {
        VIDEO, PICTURE
    }

    /** How an item got into the shared folder. */
    public enum Origin {
        PUBLISHED, DROPPED
    }
}
