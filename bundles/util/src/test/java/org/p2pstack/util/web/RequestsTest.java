package org.p2pstack.util.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

/** Bounded bodies, and the refused rest of a body read so that the client sees the 413 and not a reset. */
class RequestsTest {

    /** A body of {@code length} bytes that counts what was read of it. */
    private static final class Body extends ServletInputStream {
        private final long length;
        long read;

        Body(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            if (read >= length) {
                return -1;
            }
            read++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - read);
            java.util.Arrays.fill(b, off, off + n, (byte) 'x');
            read += n;
            return n;
        }

        @Override
        public boolean isFinished() {
            return read >= length;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    private static HttpServletRequest request(long declared, InputStream body) {
        return (HttpServletRequest) Proxy.newProxyInstance(RequestsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getContentLengthLong" -> declared;
                    case "getContentLength" -> (int) declared;
                    case "getInputStream" -> body;
                    default -> null;
                });
    }

    @Test
    void aBodyWithinTheLimitIsReadWhole() throws Exception {
        Body body = new Body(100);
        assertArrayEquals("x".repeat(100).getBytes(), Requests.body(request(100, body), 100, "too big"));
    }

    @Test
    void aBodyDeclaredTooLongIsRefusedAfterItsBytesAreReadAndDropped() {
        Body body = new Body(5 * 1024 * 1024 + 10);
        Requests.BadRequest refused = assertThrows(Requests.BadRequest.class,
                () -> Requests.body(request(body.length, body), 5 * 1024 * 1024, "This file is too big."));
        assertEquals(413, refused.status());
        assertEquals("This file is too big.", refused.getMessage());
        assertEquals(body.length, body.read, "the rest of the body was read, so the client gets to read the answer");
    }

    @Test
    void aChunkedBodyThatGrowsTooLongIsRefusedAndReadToItsEnd() {
        Body body = new Body(300_000);
        Requests.BadRequest refused = assertThrows(Requests.BadRequest.class,
                () -> Requests.body(request(-1, body), 100_000, "too big"));
        assertEquals(413, refused.status());
        assertEquals(body.length, body.read);
    }

    @Test
    void aBodyDeclaredLongerThanTheReadLimitIsNotReadAtAll() throws IOException {
        Body body = new Body(Requests.REFUSED_BODY_READ_BYTES + 1);
        assertFalse(Requests.discardBody(request(body.length, body)));
        assertEquals(0, body.read);
    }

    @Test
    void anUndeclaredBodyIsReadOnlyUpToTheReadLimit() throws IOException {
        Body body = new Body(Requests.REFUSED_BODY_READ_BYTES * 4);
        assertFalse(Requests.discardBody(request(-1, body)));
        assertTrue(body.read > Requests.REFUSED_BODY_READ_BYTES && body.read < Requests.REFUSED_BODY_READ_BYTES + 128 * 1024,
                "stopped just past the limit: " + body.read);
    }

    @Test
    void whatIsLeftOfAShortBodyIsDropped() throws IOException {
        Body body = new Body(1000);
        assertTrue(Requests.discardBody(request(1000, body)));
        assertEquals(1000, body.read);
    }
}
