package org.p2pstack.swarm.internal.udx;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP relay on 127.0.0.1 between two endpoints that drops and reorders datagrams (seeded, so runs
 * repeat): both ends send to the proxy, which forwards to the other end.
 */
final class LossyProxy implements AutoCloseable {

    private final DatagramChannel channel;
    private final Thread thread;
    private final double dropRate;
    private final double reorderRate;
    private final Random random = new Random(42);
    private volatile InetSocketAddress a;
    private volatile InetSocketAddress b;
    private volatile boolean closed;
    /** Drops everything from now on, as a path whose NAT mapping is gone or whose peer was switched off. */
    volatile boolean dark;
    final AtomicInteger dropped = new AtomicInteger();
    final AtomicInteger reordered = new AtomicInteger();
    final AtomicInteger forwarded = new AtomicInteger();

    LossyProxy(double dropRate, double reorderRate) throws IOException {
        this.dropRate = dropRate;
        this.reorderRate = reorderRate;
        channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        thread = new Thread(this::run, "lossy-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    int port() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    void connect(int portA, int portB) {
        a = new InetSocketAddress("127.0.0.1", portA);
        b = new InetSocketAddress("127.0.0.1", portB);
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        ByteBuffer held = null;
        SocketAddress heldTo = null;
        while (!closed) {
            try {
                buf.clear();
                SocketAddress from = channel.receive(buf);
                buf.flip();
                if (a == null || from == null) {
                    continue;
                }
                SocketAddress to = from.equals(a) ? b : a;
                if (dark || random.nextDouble() < dropRate) {
                    dropped.incrementAndGet();
                    continue;
                }
                ByteBuffer copy = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
                if (held == null && random.nextDouble() < reorderRate) {
                    held = copy;
                    heldTo = to;
                    reordered.incrementAndGet();
                    continue;
                }
                channel.send(copy, to);
                forwarded.incrementAndGet();
                if (held != null) {
                    channel.send(held, heldTo);
                    forwarded.incrementAndGet();
                    held = null;
                }
            } catch (IOException e) {
                if (!closed) {
                    e.printStackTrace();
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }
}
