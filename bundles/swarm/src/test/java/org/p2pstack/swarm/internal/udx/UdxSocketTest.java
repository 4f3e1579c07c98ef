package org.p2pstack.swarm.internal.udx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What a socket hands on, and to whom, for the datagrams it has read. */
class UdxSocketTest {

    /** Records what reaches the user of UDX; a stream asks before it takes packets from a socket it is not on. */
    static final class Recorder implements UdxEvents {
        final List<String> seen = new ArrayList<>();

        @Override
        public void socketMessage(UdxSocket socket, byte[] data, int off, int len, InetSocketAddress from) {
            seen.add("message");
        }

        @Override
        public void socketClosed(UdxSocket socket) {
            seen.add("socket closed");
        }

        @Override
        public void streamData(UdxStream stream, byte[] data, int off, int len) {
            seen.add("data");
        }

        @Override
        public void streamEnd(UdxStream stream) {
        }

        @Override
        public void streamDrain(UdxStream stream) {
        }

        @Override
        public void streamAck(UdxStream stream, int requestId) {
        }

        @Override
        public void streamMessage(UdxStream stream, byte[] data, int off, int len) {
        }

        @Override
        public void streamClosed(UdxStream stream, String error) {
        }

        @Override
        public boolean streamFirewall(UdxStream stream, UdxSocket socket, InetSocketAddress from) {
            seen.add("firewall asked");
            return true;
        }

        @Override
        public void streamRemoteChanged(UdxStream stream) {
        }
    }

    private static final UdxClock NO_CLOCK = new UdxClock() {
        @Override
        public double now() {
            return 0;
        }

        @Override
        public Runnable schedule(Runnable task, double delayMs) {
            return () -> { };
        }

        @Override
        public void defer(Runnable task) {
        }
    };

    private static byte[] packetFor(int streamId) {
        byte[] b = new byte[UdxHeader.SIZE + 4];
        UdxHeader.write(b, 0, UdxHeader.DATA, streamId, 0, 0, 0);
        return b;
    }

    @Test
    void aPacketForAStreamNotYetConnectedAsksItsFirewallAndAPlainDatagramIsAMessage() {
        Recorder events = new Recorder();
        Udx udx = new Udx(events, NO_CLOCK);
        new UdxStream(udx, 7);
        UdxSocket socket = new UdxSocket(udx, 1);
        InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 4000);

        socket.onDatagram(packetFor(7), peer);
        socket.onDatagram(new byte[] { 1, 2, 3 }, peer);

        assertEquals(List.of("firewall asked", "message"), events.seen);
    }

    /**
     * Found on the namespace testbed: JS closed a hole-punching socket while datagrams read for it still waited on the
     * loop; the first packet of the peer's stream then reached a stream whose socket JS had closed, and connecting it
     * threw "Socket is closed". libudx stops reading at the close; so do we.
     */
    @Test
    void aSocketThatJsClosedDeliversNothingMoreWhileItsCloseIsUnderWay() {
        Recorder events = new Recorder();
        Udx udx = new Udx(events, NO_CLOCK);
        new UdxStream(udx, 7);
        UdxSocket socket = new UdxSocket(udx, 1);
        InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 4000);

        socket.closing = true;
        socket.onDatagram(packetFor(7), peer);
        socket.onDatagram(new byte[] { 1, 2, 3 }, peer);

        assertEquals(List.of(), events.seen);
    }
}
