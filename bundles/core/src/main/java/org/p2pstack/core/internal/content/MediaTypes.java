package org.p2pstack.core.internal.content;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.p2pstack.api.content.ContentItem.Kind;

/** Recognises videos and pictures from their first bytes (never from the name alone). */
public final class MediaTypes {

    /** How many leading bytes {@link #sniff} looks at. */
    public static final int SNIFF_BYTES = 64;

    /** A recognised type: MIME type, kind and the file extension we give it. */
    public record Type(String mime, Kind kind, String extension) {
    }

    static final Type WEBM = new Type("video/webm", Kind.VIDEO, "webm");
    static final Type MKV = new Type("video/x-matroska", Kind.VIDEO, "mkv");
    static final Type MP4 = new Type("video/mp4", Kind.VIDEO, "mp4");
    static final Type MOV = new Type("video/quicktime", Kind.VIDEO, "mov");
    static final Type OGG = new Type("video/ogg", Kind.VIDEO, "ogv");
    static final Type JPEG = new Type("image/jpeg", Kind.PICTURE, "jpg");
    static final Type PNG = new Type("image/png", Kind.PICTURE, "png");
    static final Type GIF = new Type("image/gif", Kind.PICTURE, "gif");
    static final Type WEBP = new Type("image/webp", Kind.PICTURE, "webp");

    /** Extensions of files in the shared folder that are considered media (then checked by their bytes). */
    static final Set<String> MEDIA_EXTENSIONS = Set.of("webm", "mkv", "mp4", "m4v", "mov", "ogv", "ogg", "jpg", "jpeg",
            "png", "gif", "webp");

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(Map.entry("webm", WEBM.mime()),
            Map.entry("mkv", MKV.mime()), Map.entry("mp4", MP4.mime()), Map.entry("m4v", MP4.mime()),
            Map.entry("mov", MOV.mime()), Map.entry("ogv", OGG.mime()), Map.entry("ogg", OGG.mime()),
            Map.entry("jpg", JPEG.mime()), Map.entry("jpeg", JPEG.mime()), Map.entry("png", PNG.mime()),
            Map.entry("gif", GIF.mime()), Map.entry("webp", WEBP.mime()));

    private MediaTypes() {
    }

    /** The type of {@code head} (the first bytes of a file), or null if it is not a video or picture we show. */
    public static Type sniff(byte[] head, int length) {
        int n = Math.min(length, head.length);
        if (startsWith(head, n, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
            return contains(head, n, "webm") ? WEBM : MKV; // EBML header; DocType says webm or matroska
        }
        if (n >= 12 && ascii(head, 4, 4).equals("ftyp")) {
            String brand = ascii(head, 8, 4);
            if (brand.startsWith("qt")) {
                return MOV;
            }
            if (brand.startsWith("avif") || brand.startsWith("heic") || brand.startsWith("heix") || brand.startsWith("mif1")) {
                return null; // still images in an ISO box: not shown everywhere
            }
            return MP4;
        }
        if (startsWith(head, n, 0, 'O', 'g', 'g', 'S')) {
            return OGG;
        }
        if (startsWith(head, n, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(head, n, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (n >= 6 && (ascii(head, 0, 6).equals("GIF87a") || ascii(head, 0, 6).equals("GIF89a"))) {
            return GIF;
        }
        if (n >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WEBP")) {
            return WEBP;
        }
        return null;
    }

    /** Whether a file name in the shared folder looks like media (by extension). */
    public static boolean isMediaName(String fileName) {
        return !fileName.startsWith(".") && MEDIA_EXTENSIONS.contains(extension(fileName));
    }

    /** The MIME type one would expect from the name alone (used only to report a mismatch). */
    static String typeFromName(String fileName) {
        return BY_EXTENSION.get(extension(fileName));
    }

    public static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean startsWith(byte[] head, int n, int offset, int... expected) {
        if (n < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((head[offset + i] & 0xff) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] head, int offset, int length) {
        return new String(head, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static boolean contains(byte[] head, int n, String text) {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= n; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (head[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static byte[] head(byte[] bytes) {
        return Arrays.copyOf(bytes, Math.min(bytes.length, SNIFF_BYTES));
    }
}
