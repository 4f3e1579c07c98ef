package org.p2pstack.torrent.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BencodeTest {

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void encodesEveryTypeWithSortedKeys() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("zeta", 1L);
        map.put("alpha", List.of("x", -3L, new byte[] { 'a', 'b' }));
        map.put("piece length", 16384L);
        assertEquals("d5:alphal1:xi-3e2:abe12:piece lengthi16384e4:zetai1ee", text(Bencode.encode(map)));
        assertEquals("i0e", text(Bencode.encode(0L)));
        assertEquals("0:", text(Bencode.encode("")));
    }

    @Test
    void roundTrips() throws Exception {
        byte[] encoded = Bencode.encode(Map.of("info", Map.of("length", 5L, "name", "a.webm"), "list", List.of(1L, 2L)));
        Map<?, ?> decoded = (Map<?, ?>) Bencode.decode(encoded);
        assertEquals(5L, ((Map<?, ?>) decoded.get("info")).get("length"));
        assertArrayEquals(encoded, Bencode.encode(decoded));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "i", "ie", "i-0e", "i03e", "i1", "5:abc", "l", "d1:ae", "d", "x", "i1ei2e",
            "i9999999999999999999e", "-1:a", "10000000000000000000:a" })
    void malformedInputIsRefused(String input) {
        assertThrows(Bencode.BencodeException.class, () -> Bencode.decode(input.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void nestingAndSizeAreBounded() {
        String deep = "l".repeat(Bencode.MAX_DEPTH + 2) + "e".repeat(Bencode.MAX_DEPTH + 2);
        assertThrows(Bencode.BencodeException.class, () -> Bencode.decode(deep.getBytes(StandardCharsets.ISO_8859_1)));
        assertThrows(Bencode.BencodeException.class, () -> Bencode.decode(new byte[Bencode.MAX_INPUT + 1]));
    }

    @Test
    void randomGarbageNeverEscapesAsAnotherException() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[random.nextInt(40)];
            random.nextBytes(garbage);
            if (random.nextBoolean() && garbage.length > 0) {
                garbage[0] = (byte) "ild0123456789".charAt(random.nextInt(13));
            }
            try {
                Bencode.decode(garbage);
            } catch (Bencode.BencodeException expected) {
                // fine: refused with a reason
            }
        }
    }
}
