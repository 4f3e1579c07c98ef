package org.p2pstack.i2p.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2pstack.i2p.internal.http.HttpHead;
import org.p2pstack.i2p.internal.http.ResponseBody;

/**
 * Several requests on one stream, when the visitor asks for it: the soak hour's finding was that a friend's node
 * opening a stream per request passed the streaming library's 900 streams per visitor and hour in half an hour.
 */
class ServerTunnelKeepAliveTest {

    private LoopbackTunnel net;

    @BeforeEach
    void start() throws IOException {
        net = new LoopbackTunnel();
    }

    @AfterEach
    void stop() throws IOException {
        net.close();
    }

    private static void send(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One answer, read by its length: the head, and the body as text. */
    private static String[] answer(InputStream in) throws IOException {
        HttpHead head = HttpHead.read(in);
        assertTrue(head != null, "an answer");
        byte[] body = in.readNBytes((int) ResponseBody.contentLength(head));
        return new String[] {head.toString(), new String(body, StandardCharsets.UTF_8)};
    }

    @Test
    void aVisitorWhoAsksGetsSeveralAnswersOnOneStream() throws Exception {
        Socket s = net.open("friend");
        s.setSoTimeout(5000);
        InputStream in = new BufferedInputStream(s.getInputStream());
        for (String path : List.of("/profile.json", "/feed.json", "/video")) {
            send(s, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
            String[] a = answer(in);
            assertTrue(a[0].startsWith("HTTP/1.1 200"), a[0]);
            assertTrue(a[0].contains("\r\nConnection: keep-alive\r\n"), a[0]);
            assertTrue(a[0].contains("\r\nKeep-Alive: timeout=30, max=100\r\n"), a[0]);
            assertEquals("{\"nickname\":\"Owner\"}", a[1]);
        }
        send(s, "GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        String[] last = answer(in);
        assertTrue(last[0].contains("\r\nConnection: close\r\n"), last[0]);
        assertEquals(-1, in.read(), "the stream ends after the answer to \"close\"");
        assertEquals(1, net.tunnel.streams());
        assertEquals(4, net.tunnel.served());
        synchronized (net.secretsSeen) {
            assertEquals(List.of("/profile.json", "/feed.json", "/video", "/last"), net.pathsSeen);
            assertTrue(net.secretsSeen.stream().allMatch("per-start-secret"::equals), "each request carries the secret");
        }
    }

    /** Every client before keep-alive sends one request and reads to the end: it still gets exactly that. */
    @Test
    void withoutKeepAliveTheStreamEndsAfterOneAnswer() throws Exception {
        for (String ask : List.of("", "Connection: close\r\n")) {
            Socket s = net.open("old-client");
            s.setSoTimeout(5000);
            send(s, "GET /profile.json HTTP/1.1\r\nHost: x\r\n" + ask + "\r\n");
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200") && answer.contains("\r\nConnection: close\r\n"), answer);
        }
        Socket old = net.open("http10");
        old.setSoTimeout(5000);
        send(old, "GET / HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
        String answer = new String(old.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(answer.contains("\r\nConnection: close\r\n"), "HTTP/1.0 is not kept: " + answer);
    }

    /** A bad second request is refused like a bad first one, and ends the stream; the site sees nothing of it. */
    @Test
    void aMalformedNextRequestIsRefusedAndEndsTheStream() throws Exception {
        Socket s = net.open("friend");
        s.setSoTimeout(5000);
        InputStream in = new BufferedInputStream(s.getInputStream());
        send(s, "GET /a HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
        assertTrue(answer(in)[0].startsWith("HTTP/1.1 200"));
        send(s, "GET /b HTTP/1.1\r\nBad Header\r\n\r\n");
        String[] refused = answer(in);
        assertTrue(refused[0].startsWith("HTTP/1.1 400"), refused[0]);
        assertEquals(-1, in.read());
        synchronized (net.secretsSeen) {
            assertEquals(List.of("/a"), net.pathsSeen);
        }
    }

    /** Keep-alive is no way around the visitor's window of 60 requests a minute. */
    @Test
    void theWindowCountsRequestsNotStreams() throws Exception {
        Socket s = net.open("greedy");
        s.setSoTimeout(5000);
        InputStream in = new BufferedInputStream(s.getInputStream());
        String status = null;
        int answered = 0;
        for (int i = 0; i <= VisitorBudgets.STREAMS_PER_WINDOW; i++) {
            send(s, "GET /r" + i + " HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
            status = answer(in)[0];
            if (!status.startsWith("HTTP/1.1 200")) {
                break;
            }
            answered++;
        }
        assertTrue(status.startsWith("HTTP/1.1 429"), status);
        assertTrue(answered >= VisitorBudgets.STREAMS_PER_WINDOW - 1 && answered <= VisitorBudgets.STREAMS_PER_WINDOW,
                "answered " + answered);
        assertEquals(-1, in.read(), "the refusal ends the stream");
    }

    @Test
    void aVisitorHoldingSixStreamsGivesUpAnIdleOneForANewOne() throws Exception {
        Socket kept = net.open("friend");
        kept.setSoTimeout(5000);
        InputStream keptIn = new BufferedInputStream(kept.getInputStream());
        send(kept, "GET /a HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
        assertTrue(answer(keptIn)[0].startsWith("HTTP/1.1 200"));
        for (int i = 1; i < VisitorBudgets.MAX_CONCURRENT_PER_VISITOR; i++) {
            send(net.open("friend"), "GET /slow HTTP/1.1\r\n"); // heads still coming
        }
        Socket seventh = net.open("friend");
        seventh.setSoTimeout(5000);
        send(seventh, "GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        String answer = new String(seventh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(answer.startsWith("HTTP/1.1 200"), "the new stream is served: " + answer);
        try {
            assertEquals(-1, keptIn.read(), "the idle stream was given up");
        } catch (java.net.SocketException reset) {
            assertNull(null, "given up with a reset");
        }
    }
}
