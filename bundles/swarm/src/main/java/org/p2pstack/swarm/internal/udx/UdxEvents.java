package org.p2pstack.swarm.internal.udx;

import java.net.InetSocketAddress;

/** What the UDX sockets and streams report to their user (the JS binding, or a test). Loop thread only. */
interface UdxEvents {

    void socketMessage(UdxSocket socket, byte[] data, int off, int len, InetSocketAddress from);

    void socketClosed(UdxSocket socket);

    void streamData(UdxStream stream, byte[] data, int off, int len);

    void streamEnd(UdxStream stream);

    void streamDrain(UdxStream stream);

    void streamAck(UdxStream stream, int requestId);

    void streamMessage(UdxStream stream, byte[] data, int off, int len);

    /** {@code error} is null on a clean close, else a libuv error name such as ECONNRESET or ETIMEDOUT. */
    void streamClosed(UdxStream stream, String error);

    /** True drops the packet: a stream is asked before it accepts packets from a socket it is not connected on. */
    boolean streamFirewall(UdxStream stream, UdxSocket socket, InetSocketAddress from);

    void streamRemoteChanged(UdxStream stream);
}
