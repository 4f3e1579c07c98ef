package org.p2pstack.itests.testbed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Carries TCP connections between the test's loopback and a testbed host's loopback through Unix sockets in a
 * folder both see. A node's private site and console listen on its own loopback only, as they must, and a network
 * namespace's loopback cannot be reached from outside it; a Unix socket is a file, which the namespaces share.
 * <p>
 * Inside a host ({@code ip netns exec <host> java ... UnixRelay inside <dir> <port>...}) it listens on
 * {@code <dir>/<port>.sock} and connects each caller to {@code 127.0.0.1:<port>}. Outside, {@link #outside} listens on
 * the test's {@code 127.0.0.1:<port>} and connects each caller to the socket: the test then reaches the node at the
 * address it would have without namespaces.
 */
public final class UnixRelay implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;

    private final List<java.nio.channels.Channel> listeners = new ArrayList<>();

    private UnixRelay() {
    }

    /** Listens on the test's {@code 127.0.0.1:<port>} for each port, relaying to {@code <dir>/<port>.sock}. */
    public static UnixRelay outside(Path dir, int... ports) throws IOException {
        UnixRelay relay = new UnixRelay();
        for (int port : ports) {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress("127.0.0.1", port));
            relay.listeners.add(server);
            Path socket = dir.resolve(port + ".sock");
            relay.serve(server, () -> {
                try {
                    return SocketChannel.open(UnixDomainSocketAddress.of(socket));
                } catch (IOException e) {
                    return null; // the host's side is not up (yet): the caller sees the connection close
                }
            });
        }
        return relay;
    }

    /** Listens on {@code <dir>/<port>.sock} for each port, relaying to this host's {@code 127.0.0.1:<port>}. */
    public static UnixRelay inside(Path dir, int... ports) throws IOException {
        UnixRelay relay = new UnixRelay();
        Files.createDirectories(dir);
        for (int port : ports) {
            Path socket = dir.resolve(port + ".sock");
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            relay.listeners.add(server);
            relay.serve(server, () -> {
                try {
                    return SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                } catch (IOException e) {
                    return null; // the node is not listening (yet)
                }
            });
        }
        return relay;
    }

    private void serve(ServerSocketChannel server, Supplier<SocketChannel> target) {
        Thread.ofVirtual().name("relay-accept").start(() -> {
            while (server.isOpen()) {
                SocketChannel caller;
                try {
                    caller = server.accept();
                } catch (IOException closed) {
                    return;
                }
                Thread.ofVirtual().start(() -> {
                    SocketChannel other = target.get();
                    if (other == null) {
                        closeQuietly(caller);
                        return;
                    }
                    Thread back = Thread.ofVirtual().start(() -> copy(other, caller));
                    copy(caller, other);
                    try {
                        back.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    closeQuietly(caller);
                    closeQuietly(other);
                });
            }
        });
    }

    /** Copies until {@code from} ends, then ends {@code to}'s output (a half close, as HTTP clients rely on). */
    private static void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        listeners.forEach(UnixRelay::closeQuietly);
    }

    /** {@code inside <dir> <port>...}: runs until killed (with the host's namespace). */
    public static void main(String[] args) throws Exception {
        if (args.length < 3 || !args[0].equals("inside")) {
            System.err.println("usage: UnixRelay inside <dir> <port>...");
            System.exit(2);
        }
        int[] ports = new int[args.length - 2];
        for (int i = 2; i < args.length; i++) {
            ports[i - 2] = Integer.parseInt(args[i]);
        }
        inside(Path.of(args[1]), ports);
        System.out.println("relay ready");
        Thread.currentThread().join();
    }
}
