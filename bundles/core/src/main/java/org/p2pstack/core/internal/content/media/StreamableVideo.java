package org.p2pstack.core.internal.content.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Videos a browser can play while they arrive: an MP4 whose index ({@code moov}) comes before its media data,
 * and a WebM with its duration and cues. The container is recognised from the bytes, not the name: uploads are
 * prepared while they are still called {@code <uuid>.part}.
 */
public final class StreamableVideo {

    private static final Logger LOG = LoggerFactory.getLogger(StreamableVideo.class);

    /** The containers this class can rewrite. */
    public enum Container { MP4, WEBM, OTHER }

    private StreamableVideo() {
    }

    /** ISO BMFF files start with an {@code ftyp} box; WebM (Matroska) with the EBML magic number. */
    public static Container sniff(Path file) throws IOException {
        byte[] head = new byte[12];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 12 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
            return Container.MP4;
        }
        if (n >= 4 && (head[0] & 0xff) == 0x1a && (head[1] & 0xff) == 0x45 && (head[2] & 0xff) == 0xdf && (head[3] & 0xff) == 0xa3) {
            return Container.WEBM;
        }
        return Container.OTHER;
    }

    /**
     * Writes a streamable form of {@code source} to {@code target}: MP4 with the index first, WebM from
     * MediaRecorder with its duration, cues and known sizes.
     *
     * @return false when {@code source} already is streamable or is neither container (nothing written)
     * @throws IOException for a damaged video
     */
    public static boolean rewrite(Path source, Path target) throws IOException {
        return switch (sniff(source)) {
            case MP4 -> Mp4FastStart.rewrite(source, target);
            case WEBM -> WebmCues.rewrite(source, target);
            case OTHER -> false;
        };
    }

    /**
     * Rewrites a file the node wrote itself (an upload) in place: the original stays until the new file is
     * complete (temporary file beside it, atomic rename). Never call it on a file the user put in the folder.
     *
     * @return true when the file was rewritten
     * @throws IOException for a damaged video (it is left as it was)
     */
    public static boolean prepareInPlace(Path file) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".streamable.tmp");
        try {
            if (!rewrite(file, temp)) {
                return false;
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Made {} streamable (seekable before it has fully arrived)", file.getFileName());
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
