package org.p2pstack.swarm.internal.udx;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive side of all UDX sockets of one JS loop: a selector thread that reads datagrams and hands
 * them, in batches, to the loop thread (where all UDX state lives). Sends happen on the loop thread.
 */
final class UdxIo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UdxIo.class);
    /** Largest datagram we accept (UDP payload limit). */
    static final int MAX_DATAGRAM = 65536;

    /** One received datagram. */
    record Datagram(UdxSocket socket, byte[] data, InetSocketAddress from) {
    }

    private final Selector selector;
    private final Thread thread;
    private final Consumer<List<Datagram>> deliver;
    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    UdxIo(String name, Consumer<List<Datagram>> deliver) throws IOException {
        this.selector = Selector.open();
        this.deliver = deliver;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    void register(DatagramChannel channel, UdxSocket socket) {
        pending.add(() -> {
            try {
                channel.register(selector, SelectionKey.OP_READ, socket);
            } catch (ClosedChannelException e) {
                LOG.debug("socket closed before registration");
            }
        });
        selector.wakeup();
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        while (!closed) {
            try {
                selector.select();
                Runnable r;
                while ((r = pending.poll()) != null) {
                    r.run();
                }
                List<Datagram> batch = new ArrayList<>();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    UdxSocket socket = (UdxSocket) key.attachment();
                    for (int i = 0; i < 256; i++) {
                        buf.clear();
                        InetSocketAddress from;
                        try {
                            from = (InetSocketAddress) ch.receive(buf);
                        } catch (IOException e) {
                            break; // e.g. ICMP port unreachable surfaced as an error: skip
                        }
                        if (from == null) {
                            break;
                        }
                        buf.flip();
                        byte[] data = new byte[buf.remaining()];
                        buf.get(data);
                        batch.add(new Datagram(socket, data, from));
                    }
                }
                selector.selectedKeys().clear();
                if (!batch.isEmpty()) {
                    deliver.accept(batch);
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.warn("UDX receive loop", e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(2000);
            selector.close();
        } catch (IOException | InterruptedException e) {
            LOG.debug("closing the UDX selector", e);
        }
    }
}
