package org.p2pstack.i2p.internal;

import java.io.IOException;
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

import org.p2pstack.i2p.internal.http.ServerRequestRewriter;
import org.p2pstack.i2p.internal.http.Visitor;

/**
 * The real server tunnel in front of a real HTTP server, with loopback sockets for I2P streams: each carries the
 * visitor identity the streaming library would have verified. The site answers {@code {"nickname":"Owner"}} and
 * remembers the tunnel secret and path of every request.
 */
final class LoopbackTunnel implements AutoCloseable {

    final HttpServer site;
    final ServerTunnel tunnel;
    final List<String> secretsSeen = new ArrayList<>();
    final List<String> pathsSeen = new ArrayList<>();
    private final ServerSocket listener;
    private final BlockingQueue<VisitorStream> incoming = new LinkedBlockingQueue<>();
    private final List<Socket> clients = new ArrayList<>();

    LoopbackTunnel() throws IOException {
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/", exchange -> {
            synchronized (secretsSeen) {
                secretsSeen.add(exchange.getRequestHeaders().getFirst("X-P2PStack-Tunnel"));
                pathsSeen.add(exchange.getRequestURI().getPath());
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
            public VisitorStream accept() {
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

    /** Opens one stream from {@code visitor} and returns the visitor's end. */
    Socket open(String visitor) throws IOException {
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        Socket served = listener.accept();
        clients.add(client);
        incoming.add(new SocketVisitorStream(served, new Visitor(visitor + ".b32.i2p", visitor + "-b64", visitor + "-hash")));
        return client;
    }

    @Override
    public void close() throws IOException {
        for (Socket c : clients) {
            c.close();
        }
        tunnel.close();
        listener.close();
        site.stop(0);
    }
}
