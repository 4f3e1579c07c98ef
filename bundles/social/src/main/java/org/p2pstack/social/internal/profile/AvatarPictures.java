package org.p2pstack.social.internal.profile;

import java.nio.charset.StandardCharsets;

/**
 * Recognises a profile picture from its first bytes: JPEG, PNG or WebP, the formats every browser shows. The same
 * signatures as the content library's media types (GIF is left out: an animated picture does not suit a profile).
 */
final class AvatarPictures {

    private AvatarPictures() {
    }

    /** The picture's MIME type, or null when the bytes are not a JPEG, PNG or WebP picture. */
    static String mimeOf(byte[] image) {
        int n = image.length;
        if (startsWith(image, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(image, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (n >= 12 && ascii(image, 0, 4).equals("RIFF") && ascii(image, 8, 4).equals("WEBP")) {
            return "image/webp";
        }
        return null;
    }

    private static boolean startsWith(byte[] head, int... expected) {
        if (head.length < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((head[i] & 0xff) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] head, int offset, int length) {
        return new String(head, offset, length, StandardCharsets.ISO_8859_1);
    }
}
