package org.p2pstack.swarm.internal.udx;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send side of all UDX sockets of one JS loop: the loop thread queues datagrams and this thread hands
 * them to the OS, so the loop never waits in the kernel — on loopback a send also does the receiving
 * socket's work, which made sending about half of the loop thread's time. Datagrams keep their order.
 * At most {@link #MAX_QUEUED_BYTES} wait; beyond that a send fails like one into a full socket buffer
 * (UDX retransmits, the DHT retries).
 */
final class UdxSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UdxSender.class);
    static final long MAX_QUEUED_BYTES = 8L * 1024 * 1024;

    private record Outgoing(DatagramChannel channel, byte[] data, InetSocketAddress to) {
    }

    private static final Outgoing STOP = new Outgoing(null, new byte[0], null);

    private final ConcurrentLinkedQueue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    /** True while the sender thread is (about to be) parked: only then does a send wake it (unpark is costly). */
    private volatile boolean idle;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    UdxSender(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a copy of {@code data[off, off+len)} for {@code to}; false when closed or too much is waiting. */
    boolean send(DatagramChannel channel, byte[] data, int off, int len, InetSocketAddress to) {
        if (closed || queuedBytes.get() + len > MAX_QUEUED_BYTES) {
            return false;
        }
        queuedBytes.addAndGet(len);
        queue.add(new Outgoing(channel, Arrays.copyOfRange(data, off, off + len), to));
        wake();
        return true;
    }

    private void wake() {
        if (idle) {
            idle = false;
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocateDirect(UdxIo.MAX_DATAGRAM);
        while (true) {
            Outgoing o = queue.poll();
            if (o == null) {
                idle = true;
                o = queue.poll(); // a send may have come between the poll and the flag
                if (o == null) {
                    LockSupport.park(this);
                    if (Thread.interrupted()) {
                        return;
                    }
                    continue;
                }
                idle = false;
            }
            if (o == STOP) {
                return;
            }
            queuedBytes.addAndGet(-o.data.length);
            buf.clear();
            buf.put(o.data).flip();
            try {
                o.channel.send(buf, o.to); // 0 when the socket buffer is full: dropped, as libudx would
            } catch (IOException e) {
                LOG.debug("UDP send to {} failed: {}", o.to, e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.add(STOP); // what was queued before still goes out
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
