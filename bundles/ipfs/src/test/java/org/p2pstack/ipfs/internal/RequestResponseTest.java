package org.p2pstack.ipfs.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IpfsService.answer/request between two of our nodes on 127.0.0.1. */
class RequestResponseTest {

    private static final Duration T = Duration.ofSeconds(60);
    private static final String ECHO = "/p2pstack/test-echo/1.0.0";

    @TempDir
    Path dir;

    @Test
    void answersRefusalsLimitsAndTimeouts() {
        assertTimeoutPreemptively(T, () -> {
            try (IpfsNode a = IpfsNodeTest.node(dir, "a", List.of()); IpfsNode b = IpfsNodeTest.node(dir, "b", List.of())) {
                String aId = a.id().peerId();
                String bId = b.id().peerId();
                List<String> askedBy = new CopyOnWriteArrayList<>();
                AtomicInteger calls = new AtomicInteger();
                AutoCloseable handle = a.answer(ECHO, 16, (peer, req) -> {
                    calls.incrementAndGet();
                    askedBy.add(peer);
                    String s = new String(req, StandardCharsets.UTF_8);
                    if (s.equals("no")) {
                        return Optional.empty();
                    }
                    if (s.equals("slow")) {
                        try {
                            Thread.sleep(3000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    if (s.equals("boom")) {
                        throw new IllegalStateException("handler failed");
                    }
                    return Optional.of(("hello " + s).getBytes(StandardCharsets.UTF_8));
                });

                // not connected and nothing known about a: a clear message
                IOException unknown = assertThrows(IOException.class,
                        () -> b.request(aId, ECHO, new byte[0], 100, Duration.ofSeconds(2)));
                assertTrue(unknown.getMessage().contains("no address known"), unknown.getMessage());

                b.connect(a.id().addresses().get(0), Duration.ofSeconds(10));

                // an answer; the handler learns who asked, as Noise authenticated it
                assertArrayEquals("hello bob".getBytes(StandardCharsets.UTF_8),
                        b.request(aId, ECHO, "bob".getBytes(StandardCharsets.UTF_8), 100, Duration.ofSeconds(5)));
                assertEquals(List.of(bId), askedBy);
                // an empty request is a request too
                assertArrayEquals("hello ".getBytes(StandardCharsets.UTF_8), b.request(aId, ECHO, new byte[0], 100, Duration.ofSeconds(5)));

                // refused: the handler said no, or failed
                IOException refused = assertThrows(IOException.class,
                        () -> b.request(aId, ECHO, "no".getBytes(StandardCharsets.UTF_8), 100, Duration.ofSeconds(5)));
                assertTrue(refused.getMessage().contains("refused the " + ECHO + " request"), refused.getMessage());
                IOException failed = assertThrows(IOException.class,
                        () -> b.request(aId, ECHO, "boom".getBytes(StandardCharsets.UTF_8), 100, Duration.ofSeconds(5)));
                assertTrue(failed.getMessage().contains("refused"), failed.getMessage());

                // a request above the answering side's limit is reset before its handler sees it
                int before = calls.get();
                IOException tooBig = assertThrows(IOException.class, () -> b.request(aId, ECHO, new byte[17], 100, Duration.ofSeconds(5)));
                assertTrue(tooBig.getMessage().contains("refused"), tooBig.getMessage());
                assertEquals(before, calls.get());

                // an answer above the asking side's limit
                IOException longAnswer = assertThrows(IOException.class,
                        () -> b.request(aId, ECHO, "bob".getBytes(StandardCharsets.UTF_8), 4, Duration.ofSeconds(5)));
                assertTrue(longAnswer.getMessage().contains("more than 4 bytes"), longAnswer.getMessage());

                // no answer in time
                long t0 = System.nanoTime();
                SocketTimeoutException slow = assertThrows(SocketTimeoutException.class,
                        () -> b.request(aId, ECHO, "slow".getBytes(StandardCharsets.UTF_8), 100, Duration.ofMillis(500)));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(slow.getMessage().contains("within 500 ms"), slow.getMessage());
                assertTrue(ms < 2000, "took " + ms + " ms");

                // a protocol nobody answers
                IOException none = assertThrows(IOException.class,
                        () -> b.request(aId, "/p2pstack/nobody/1.0.0", new byte[1], 100, Duration.ofSeconds(5)));
                assertTrue(none.getMessage().contains("does not answer /p2pstack/nobody/1.0.0"), none.getMessage());

                // one handler per protocol, the node's own protocols are not for the taking, IDs are checked
                assertThrows(IllegalStateException.class, () -> a.answer(ECHO, 16, (p, r) -> Optional.empty()));
                assertThrows(IllegalStateException.class, () -> a.answer("/ipfs/ping/1.0.0", 16, (p, r) -> Optional.empty()));
                assertThrows(IllegalArgumentException.class, () -> a.answer("no-slash", 16, (p, r) -> Optional.empty()));
                assertThrows(IllegalArgumentException.class, () -> a.answer("/x y", 16, (p, r) -> Optional.empty()));
                assertThrows(IllegalArgumentException.class, () -> a.answer("/x", -1, (p, r) -> Optional.empty()));
                assertThrows(IllegalArgumentException.class, () -> b.request(aId, ECHO, new byte[0], 100, Duration.ZERO));
                assertThrows(IOException.class, () -> b.request("not-a-peer", ECHO, new byte[0], 100, Duration.ofSeconds(1)));
                assertThrows(IOException.class, () -> b.request(bId, ECHO, new byte[0], 100, Duration.ofSeconds(1)));

                // closing the handle stops the answers (b had spoken the protocol before: it now hears "na")
                handle.close();
                handle.close();
                IOException gone = assertThrows(IOException.class,
                        () -> b.request(aId, ECHO, "bob".getBytes(StandardCharsets.UTF_8), 100, Duration.ofSeconds(5)));
                assertTrue(gone.getMessage().contains("does not answer " + ECHO), gone.getMessage());
                // and the protocol can be answered again
                try (AutoCloseable again = a.answer(ECHO, 16, (p, r) -> Optional.of(new byte[] {42}))) {
                    assertArrayEquals(new byte[] {42}, b.request(aId, ECHO, new byte[0], 100, Duration.ofSeconds(5)));
                }
                // LAN discovery is off in these nodes
                assertEquals(List.of(), a.nearbyPeers());
            }
        });
    }
}
