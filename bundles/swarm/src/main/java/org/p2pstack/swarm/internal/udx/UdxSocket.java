package org.p2pstack.swarm.internal.udx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A UDP socket that carries both plain messages (the DHT's) and UDX stream packets. Loop thread only. */
final class UdxSocket {

    private static final Logger LOG = LoggerFactory.getLogger(UdxSocket.class);

    final Udx udx;
    final int id;
    private DatagramChannel channel;
    private UdxSender sender;
    private int family;
    boolean closed;
    /** JS has closed it: like libudx, which stops reading at once, nothing more is delivered while the close is under way. */
    boolean closing;
    long packetsTx;
    long packetsRx;
    long bytesTx;
    long bytesRx;

    UdxSocket(Udx udx, int id) {
        this.udx = udx;
        this.id = id;
    }

    /** Binds and returns the port. */
    int bind(UdxIo io, UdxSender sender, int port, String host, int family, boolean reuseAddress) throws IOException {
        ProtocolFamily pf = family == 6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        DatagramChannel ch = DatagramChannel.open(pf);
        try {
            if (reuseAddress) {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
            ch.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            ch.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        this.channel = ch;
        this.sender = sender;
        this.family = family;
        io.register(ch, this);
        return ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }

    int family() {
        return family;
    }

    boolean bound() {
        return channel != null;
    }

    /** Queues one datagram for the sender thread; returns false when it could not be queued. */
    boolean send(byte[] data, int off, int len, InetSocketAddress to) {
        if (channel == null || closed) {
            return false;
        }
        if (!sender.send(channel, data, off, len, to)) {
            LOG.debug("UDP send to {} dropped: too much waiting to be sent", to);
            return false;
        }
        packetsTx++;
        bytesTx += len;
        return true;
    }

    /** A datagram arrived: stream packets go to their stream, anything else is a message. */
    void onDatagram(byte[] data, InetSocketAddress from) {
        if (closing) {
            return;
        }
        packetsRx++;
        bytesRx += data.length;
        if (UdxHeader.isUdx(data, data.length)) {
            UdxStream stream = udx.streamsById.get(UdxHeader.le32(data, 4));
            if (stream != null && !stream.isDead() && stream.onPacket(this, data, from)) {
                return;
            }
            if (stream == null && LOG.isDebugEnabled()) {
                LOG.debug("socket {} got a packet for stream {}, which it does not have, from {}", id, UdxHeader.le32(data, 4), from);
            }
        }
        udx.events.socketMessage(this, data, 0, data.length, from);
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.debug("closing UDP socket", e);
        }
        udx.events.socketClosed(this);
    }
}
