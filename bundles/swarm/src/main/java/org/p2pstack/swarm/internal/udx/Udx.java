package org.p2pstack.swarm.internal.udx;

import java.util.HashMap;
import java.util.Map;

/** One UDX instance (libudx's udx_t): its streams by local id, shared by all its sockets. Loop thread only. */
final class Udx {

    final UdxEvents events;
    final UdxClock clock;
    final Map<Integer, UdxStream> streamsById = new HashMap<>();

    Udx(UdxEvents events, UdxClock clock) {
        this.events = events;
        this.clock = clock;
    }
}
