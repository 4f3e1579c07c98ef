package org.p2pstack.i2p.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2pstack.i2p.internal.http.ServerRequestRewriter;
import org.p2pstack.i2p.internal.http.Visitor;

/**
 * V4 of the security review, on the real tunnel code: 8 attacker destinations x 6 streams that send half a request
 * head and hold it, and a well-behaved visitor still gets {@code /profile.json} in under 2 s. (On 291e5e2 the 48
 * workers were all held and every visitor got "503 busy" for a minute.) The streams are loopback sockets, each
 * with the visitor identity the I2P streaming library would have verified; the public site is a real HTTP server.
 */
class ServerTunnelFloodTest {

    private static final int ATTACKERS = 8;
    private static final int STREAMS_EACH = 6;

    private HttpServer site;
    private ServerSocket listener;
    private final BlockingQueue<VisitorStream> incoming = new LinkedBlockingQueue<>();
    private final List<String> secretsSeen = new ArrayList<>();
    private ServerTunnel tunnel;
    private final List<Socket> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/", exchange -> {
            synchronized (secretsSeen) {
                secretsSeen.add(exchange.getRequestHeaders().getFirst("X-P2PStack-Tunnel"));
            }
            byte[] body = "{\"nickname\":\"Owner\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        site.start();
        listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        VisitorStream.Source source = new VisitorStream.Source() {
            @Override
            public VisitorStream accept() throws IOException {
                try {
                    return incoming.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }

            @Override
            public void close() {
            }
        };
        tunnel = new ServerTunnel(source, site.getAddress().getPort(),
                new ServerRequestRewriter("owner.b32.i2p", "per-start-secret"), VisitorBudgets.withSystemClock());
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket c : clients) {
            c.close();
        }
        tunnel.close();
        listener.close();
        site.stop(0);
    }

    /** Opens one stream from {@code visitor} and returns the visitor's end. */
    private Socket open(String visitor) throws IOException {
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        Socket served = listener.accept();
        clients.add(client);
        incoming.add(new SocketStream(served, new Visitor(visitor + ".b32.i2p", visitor + "-b64", visitor + "-hash")));
        return client;
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
        synchronized (secretsSeen) {
            assertEquals(List.of("per-start-secret"), secretsSeen, "only the visitor's request reached the site, with the secret");
        }
    }

    /** A loopback socket standing in for an I2P stream. */
    private record SocketStream(Socket socket, Visitor visitor) implements VisitorStream {

        @Override
        public InputStream input() throws IOException {
            return socket.getInputStream();
        }

        @Override
        public OutputStream output() throws IOException {
            return socket.getOutputStream();
        }

        @Override
        public void setReadTimeout(int millis) {
            try {
                socket.setSoTimeout(millis);
            } catch (IOException e) {
                // closed already
            }
        }

        @Override
        public void closeOutput() throws IOException {
            socket.shutdownOutput();
        }

        @Override
        public void abort() {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException e) {
                // gone already
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // gone already
            }
        }
    }
}
