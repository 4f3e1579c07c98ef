package org.p2pstack.ipfs.internal.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2pstack.ipfs.internal.crypto.Ed25519KeyPair;
import org.p2pstack.ipfs.internal.multiformats.Multiaddr;
import org.p2pstack.ipfs.internal.multiformats.PeerId;

/** Two of our hosts on loopback, and hostile peers that must lose their connection and nothing else. */
class Libp2pHostTest {

    private static final String BULK = "/test/bulk/1.0.0";
    private static final Duration T = Duration.ofSeconds(60);
    private final SecureRandom random = new SecureRandom();
    private Libp2pHost a;
    private Libp2pHost b;
    private Multiaddr bAddr;

    @BeforeEach
    void start() throws IOException {
        a = new Libp2pHost(Ed25519KeyPair.generate(random), random, "test-a");
        b = new Libp2pHost(Ed25519KeyPair.generate(random), random, "test-b");
        // bulk: the server reads everything and answers with its SHA-256
        b.handle(BULK, (conn, s) -> {
            MessageDigest md = org.p2pstack.ipfs.internal.multiformats.Multihash.sha256Digest();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = s.in().read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            s.out().write(md.digest());
            s.closeWrite();
        });
        InetSocketAddress bound = b.listen(new InetSocketAddress("127.0.0.1", 0));
        bAddr = Multiaddr.tcp(bound.getAddress(), bound.getPort()).withPeer(b.peerId());
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    @Test
    void bulkTransferRespectsFlowControl() {
        assertTimeoutPreemptively(T, () -> {
            Connection c = a.dial(bAddr, Duration.ofSeconds(5));
            byte[] data = new byte[64 << 20];
            new Random(1).nextBytes(data);
            long t0 = System.nanoTime();
            try (YamuxStream s = c.newStream(BULK)) {
                for (int off = 0; off < data.length; off += 1 << 20) {
                    s.out().write(data, off, 1 << 20);
                }
                s.closeWrite();
                byte[] digest = s.in().readNBytes(32);
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), digest);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("HostTest: 64 MiB over one yamux stream (Noise, loopback) in %.2f s = %.0f MiB/s%n", secs, 64 / secs);
        });
    }

    @Test
    void manyConcurrentStreams() {
        assertTimeoutPreemptively(T, () -> {
            Connection c = a.dial(bAddr, Duration.ofSeconds(5));
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int seed = i;
                results.add(a.executor().submit(() -> {
                    byte[] data = new byte[100_000 + seed];
                    new Random(seed).nextBytes(data);
                    try (YamuxStream s = c.newStream(BULK)) {
                        s.out().write(data);
                        s.closeWrite();
                        return java.util.Arrays.equals(MessageDigest.getInstance("SHA-256").digest(data), s.in().readNBytes(32));
                    }
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
            assertTrue(a.ping(c).toMillis() < 5000);
            assertNotNull(a.awaitIdentify(c, Duration.ofSeconds(5)));
            assertEquals("test-b", c.identify().agentVersion());
            assertTrue(c.identify().protocols().contains(BULK));
        });
    }

    @Test
    void aProtocolThePeerAcceptedIsProposedWithoutWaiting() {
        assertTimeoutPreemptively(T, () -> {
            Connection c = a.dial(bAddr, Duration.ofSeconds(5));
            for (int i = 0; i < 20; i++) { // the first negotiates, the rest go optimistically
                byte[] data = ("message " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                try (YamuxStream s = c.newStream(BULK)) {
                    s.out().write(data);
                    s.closeWrite();
                    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), s.in().readNBytes(32));
                    assertEquals(BULK, s.protocol());
                }
            }
        });
    }

    @Test
    void optimisticSelectIsCheckedBeforeTheFirstRead() throws IOException {
        ByteArrayOutputStream proposal = new ByteArrayOutputStream();
        Multistream.selectOptimistically(proposal, "/x/1.0.0");
        // a listener that speaks it answers header and echo in one write, since both lines came together
        int[] writes = new int[1];
        ByteArrayOutputStream answer = new ByteArrayOutputStream() {
            @Override
            public void write(byte[] b, int off, int len) {
                writes[0]++;
                super.write(b, off, len);
            }
        };
        assertEquals("/x/1.0.0", Multistream.handle(new ByteArrayInputStream(proposal.toByteArray()), answer, Set.of("/x/1.0.0")));
        assertEquals(1, writes[0]);
        Multistream.expectAnswer(new ByteArrayInputStream(answer.toByteArray()), "/x/1.0.0");
        // one that does not says na, and the dialer's first read fails instead of taking "na" for data
        ByteArrayOutputStream refusal = new ByteArrayOutputStream();
        assertThrows(java.io.EOFException.class,
                () -> Multistream.handle(new ByteArrayInputStream(proposal.toByteArray()), refusal, Set.of("/y/1.0.0")));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Multistream.expectAnswer(new ByteArrayInputStream(refusal.toByteArray()), "/x/1.0.0"));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }

    @Test
    void wrongPeerIdIsRefused() {
        assertTimeoutPreemptively(T, () -> {
            Multiaddr wrong = bAddr.withoutPeer().withPeer(Ed25519KeyPair.generate(random).peerId());
            IOException e = assertThrows(IOException.class, () -> a.dial(wrong, Duration.ofSeconds(5)));
            assertTrue(e.getMessage().contains("answered"), e.getMessage());
        });
    }

    @Test
    void garbageBeforeHandshakeDropsOnlyThatConnection() {
        assertTimeoutPreemptively(T, () -> {
            try (Socket s = new Socket("127.0.0.1", bAddr.tcpAddress().orElseThrow().getPort())) {
                byte[] junk = new byte[5000];
                random.nextBytes(junk);
                s.getOutputStream().write(junk);
                s.setSoTimeout(15_000);
                InputStream in = s.getInputStream();
                while (in.read() >= 0) {
                    // drain until the host closes us
                }
            } catch (IOException closed) {
                // reset by the host: fine
            }
            Connection c = a.dial(bAddr, Duration.ofSeconds(5));
            assertTrue(a.ping(c).toMillis() < 5000);
        });
    }

    @Test
    void dataBeyondTheWindowEndsTheSession() {
        assertTimeoutPreemptively(T, () -> {
            try (Socket s = new Socket("127.0.0.1", bAddr.tcpAddress().orElseThrow().getPort())) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = new BufferedOutputStream(s.getOutputStream());
                Multistream.select(in, out, NoiseHandshake.PROTOCOL_ID);
                Ed25519KeyPair me = Ed25519KeyPair.generate(random);
                NoiseHandshake.Result r = NoiseHandshake.initiate(in, out, me, random, b.peerId());
                SecureChannel ch = r.channel();
                Multistream.select(ch.in(), ch.out(), YamuxSession.PROTOCOL_ID);
                // open stream 1 and send more than the granted window in one frame
                int len = YamuxSession.RECEIVE_WINDOW + 1;
                ch.out().write(YamuxFrame.encode(YamuxFrame.TYPE_DATA, YamuxFrame.FLAG_SYN, 1, len));
                ch.out().write(new byte[len]);
                ch.out().flush();
                // the host answers (ACK/identify...), then GO_AWAY with protocol error, then closes
                boolean goAway = false;
                try {
                    YamuxFrame f;
                    while ((f = YamuxFrame.read(ch.in())) != null) {
                        if (f.type() == YamuxFrame.TYPE_GO_AWAY) {
                            goAway = f.length() == YamuxSession.GO_AWAY_PROTOCOL_ERROR;
                        } else if (f.type() == YamuxFrame.TYPE_DATA) {
                            ch.in().readNBytes((int) f.length());
                        }
                    }
                } catch (IOException closed) {
                    // connection closed by the host
                }
                assertTrue(goAway, "expected GO_AWAY(protocol error)");
            }
            Connection c = a.dial(bAddr, Duration.ofSeconds(5));
            assertTrue(a.ping(c).toMillis() < 5000);
        });
    }

    @Test
    void fuzzYamuxHeadersMultistreamAndNoise() throws IOException {
        Random rnd = new Random(21);
        for (int i = 0; i < 50_000; i++) {
            byte[] h = new byte[YamuxFrame.HEADER_LENGTH];
            rnd.nextBytes(h);
            if (rnd.nextBoolean()) {
                h[0] = 0;
                h[1] = (byte) rnd.nextInt(5);
            }
            try {
                YamuxFrame f = YamuxFrame.decode(h);
                assertTrue(f.type() <= YamuxFrame.TYPE_GO_AWAY);
            } catch (ProtocolException expected) {
                // rejected
            }
        }
        for (int i = 0; i < 5000; i++) {
            byte[] junk = new byte[rnd.nextInt(200)];
            rnd.nextBytes(junk);
            if (rnd.nextBoolean()) {
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                Multistream.writeLines(o, Multistream.PROTOCOL);
                o.write(junk);
                junk = o.toByteArray();
            }
            try {
                Multistream.handle(new ByteArrayInputStream(junk), OutputStream.nullOutputStream(), Set.of("/x"));
            } catch (IOException expected) {
                // rejected
            }
            try {
                NoiseHandshake.respond(new ByteArrayInputStream(junk), OutputStream.nullOutputStream(),
                        Ed25519KeyPair.generate(random), random);
            } catch (IOException expected) {
                // rejected
            }
        }
    }

    @Test
    void peerIdOfDialAddressIsChecked() {
        PeerId p = Multiaddr.parse(bAddr.toString()).peerId().orElseThrow();
        assertEquals(b.peerId(), p);
    }
}
