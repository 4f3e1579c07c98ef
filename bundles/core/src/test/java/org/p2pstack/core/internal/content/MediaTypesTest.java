package org.p2pstack.core.internal.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MediaTypesTest {

    private static MediaTypes.Type sniff(byte[] b) {
        return MediaTypes.sniff(b, b.length);
    }

    @Test
    void recognisesCommonFormats() {
        assertEquals("video/webm", sniff(ContentStoreTest.webm(64)).mime());
        assertEquals("image/png", sniff(ContentStoreTest.png()).mime());
        assertEquals("image/jpeg", sniff(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0 }).mime());
        assertEquals("video/mp4", sniff("\0\0\0\u0018ftypisom\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)).mime());
        assertEquals("video/quicktime", sniff("\0\0\0\u0014ftypqt  \0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)).mime());
        assertEquals("image/webp", sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1)).mime());
        assertEquals("image/gif", sniff("GIF89a....".getBytes(StandardCharsets.ISO_8859_1)).mime());
    }

    @Test
    void refusesEverythingElse() {
        assertNull(sniff("<html><script>".getBytes(StandardCharsets.US_ASCII)));
        assertNull(sniff("MZ\u0090\0".getBytes(StandardCharsets.ISO_8859_1)));
        assertNull(sniff(new byte[0]));
        assertNull(sniff(new byte[] { 0x1A, 0x45 }));
    }
}
