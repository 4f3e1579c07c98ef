package org.p2pstack.ipfs.internal.protobuf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ProtoReaderTest {

    @Test
    void roundTripAndBounds() {
        byte[] msg = new ProtoWriter().uint64(1, 150).bytes(2, new byte[] {1, 2, 3}).string(3, "hi").toByteArray();
        ProtoReader r = new ProtoReader(msg);
        r.next();
        assertEquals(150, r.uint64());
        r.next();
        assertArrayEquals(new byte[] {1, 2, 3}, r.bytes(3));
        r.next();
        assertThrows(IllegalArgumentException.class, () -> r.bytes(1)); // field over its bound
        // a length beyond the message
        assertThrows(IllegalArgumentException.class, () -> {
            ProtoReader x = new ProtoReader(new byte[] {0x12, 0x7F, 1});
            x.next();
            x.bytes(1000);
        });
        // groups are rejected
        assertThrows(IllegalArgumentException.class, () -> new ProtoReader(new byte[] {0x0B}).next());
    }

    @Test
    void fuzzOnlyRejectsCleanly() {
        Random rnd = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            byte[] junk = new byte[rnd.nextInt(40)];
            rnd.nextBytes(junk);
            try {
                ProtoReader r = new ProtoReader(junk);
                while (r.next()) {
                    if (r.wireType() == ProtoReader.LEN && rnd.nextBoolean()) {
                        r.bytes(16);
                    } else {
                        r.skip();
                    }
                }
            } catch (IllegalArgumentException expected) {
                // rejected
            }
        }
    }
}
