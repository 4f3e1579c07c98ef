package org.p2pstack.i2p.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

class HttpHeadTest {

    static HttpHead parse(String s) throws IOException {
        return HttpHead.read(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    static int status(String s) {
        return assertThrows(HttpParseException.class, () -> parse(s)).status();
    }

    @Test
    void connectionTokensAreFoundInAnyFieldAndCase() throws IOException {
        HttpHead h = HttpHead.read(new ByteArrayInputStream(("GET / HTTP/1.1\r\nConnection: Upgrade,  Keep-Alive\r\n"
                + "connection: TE\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(true, h.hasConnectionToken("keep-alive"));
        assertEquals(true, h.hasConnectionToken("te"));
        assertEquals(false, h.hasConnectionToken("close"));
        assertEquals(false, h.without("Connection").hasConnectionToken("keep-alive"));
    }

    @Test
    void readsAHeadAndLeavesTheBody() throws IOException {
        InputStream in = new ByteArrayInputStream(
                "GET /a HTTP/1.1\r\nHost: x.i2p\r\nX-Two:  spaced value \r\n\r\nBODY".getBytes(StandardCharsets.ISO_8859_1));
        HttpHead h = HttpHead.read(in);
        assertEquals("GET /a HTTP/1.1", h.startLine());
        assertEquals("x.i2p", h.get("host"));
        assertEquals("spaced value", h.get("X-TWO"));
        assertEquals("BODY", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void acceptsBareLineFeedsAndOneLeadingEmptyLine() throws IOException {
        HttpHead h = parse("\r\nGET / HTTP/1.0\nA: b\n\n");
        assertEquals("GET / HTTP/1.0", h.startLine());
        assertEquals("b", h.get("a"));
    }

    @Test
    void emptyInputIsNull() throws IOException {
        assertNull(parse(""));
    }

    @Test
    void malformedInputIsRefused() {
        assertEquals(400, status("GET / HTTP/1.1\r\nNoColon\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\n: empty name\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\nA: b\u0000c\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\nA: b\rc\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\nA: b\r\n"));
        assertEquals(400, status("GET / HTTP/1.1"));
        assertEquals(400, status("\r\n\r\n"));
    }

    @Test
    void oversizedInputIsRefused() {
        assertEquals(431, status("GET /" + "a".repeat(HttpHead.MAX_LINE_BYTES) + " HTTP/1.1\r\n\r\n"));
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i <= HttpHead.MAX_FIELDS; i++) {
            many.append("A").append(i).append(": x\r\n");
        }
        assertEquals(431, status(many.append("\r\n").toString()));
        StringBuilder big = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 40; i++) {
            big.append("B").append(i).append(": ").append("y".repeat(1000)).append("\r\n");
        }
        assertEquals(431, status(big.append("\r\n").toString()));
    }

    @Test
    void neverReadsPastTheBoundOnEndlessInput() {
        InputStream endless = new InputStream() {
            long n;

            @Override
            public int read() {
                n++;
                if (n > HttpHead.MAX_HEAD_BYTES + 10) {
                    throw new AssertionError("read past the bound");
                }
                return n % 50 == 0 ? '\n' : 'a';
            }
        };
        HttpParseException e = assertThrows(HttpParseException.class, () -> HttpHead.read(endless));
        assertEquals(400, e.status(), "first line 'aaa...' has no colon-less start check; a field without colon");
    }

    @Test
    void randomBytesNeverEscapeAsOtherExceptions() {
        Random r = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[r.nextInt(300)];
            r.nextBytes(b);
            if (r.nextBoolean() && b.length > 20) {
                System.arraycopy("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1), 0, b, 0, 16);
            }
            try {
                HttpHead.read(new ByteArrayInputStream(b));
            } catch (IOException expected) {
                // malformed or truncated: fine
            }
        }
    }

    @Test
    void editingKeepsOrderAndReplaces() throws IOException {
        HttpHead h = parse("GET / HTTP/1.1\r\nA: 1\r\nX-I2P-DestB32: forged\r\nB: 2\r\nx-i2p-other: y\r\n\r\n");
        HttpHead e = h.withoutPrefix("x-i2p-").with("A", "3");
        assertEquals("GET / HTTP/1.1\r\nB: 2\r\nA: 3\r\n\r\n", e.toString());
    }
}
