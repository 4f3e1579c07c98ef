package org.p2pstack.i2p.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V4 of the security review, on the real tunnel code: 8 attacker destinations x 6 streams that send half a request
 * head and hold it, and a well-behaved visitor still gets {@code /profile.json} in under 2 s. (On 291e5e2 the 48
 * workers were all held and every visitor got "503 busy" for a minute.) The streams are loopback sockets, each
 * with the visitor identity the I2P streaming library would have verified; the public site is a real HTTP server.
 */
class ServerTunnelFloodTest {

    private static final int ATTACKERS = 8;
    private static final int STREAMS_EACH = 6;

    private LoopbackTunnel net;

    @BeforeEach
    void start() throws IOException {
        net = new LoopbackTunnel();
    }

    @AfterEach
    void stop() throws IOException {
        net.close();
    }

    private Socket open(String visitor) throws IOException {
        return net.open(visitor);
    }

    @Test
    void aWellBehavedVisitorIsServedDuringASlowHeadFlood() throws Exception {
        for (int d = 0; d < ATTACKERS; d++) {
            for (int s = 0; s < STREAMS_EACH; s++) {
                Socket attacker = open("attacker" + d);
                attacker.getOutputStream().write("GET /feed.json HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                attacker.getOutputStream().flush();
            }
        }
        Thread.sleep(500); // every attacker stream has been admitted or refused and holds its half head
        long start = System.nanoTime();
        Socket visitor = open("friend");
        visitor.setSoTimeout(5000);
        visitor.getOutputStream().write("GET /profile.json HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String answer = new String(visitor.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.contains("\"nickname\":\"Owner\""), answer);
        assertTrue(millis < 2000, "served in " + millis + " ms");
        synchronized (net.secretsSeen) {
            assertEquals(List.of("per-start-secret"), net.secretsSeen, "only the visitor's request reached the site, with the secret");
        }
    }
}
