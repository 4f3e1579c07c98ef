package org.p2pstack.i2p.internal;

import net.i2p.client.streaming.I2PSocket;
import net.i2p.data.Destination;

import org.p2pstack.api.i2p.I2pException;

/** What the tunnels need from the node: names resolved to destinations, and streams to them. */
public interface I2pNetwork {

    /**
     * Resolves a {@code .i2p} name (address book) or a {@code .b32.i2p} address (address book, then the
     * network).
     */
    Destination resolve(String host, long timeoutMillis) throws I2pException;

    /** Opens a stream from the node's destination. */
    I2PSocket open(Destination to, long timeoutMillis) throws I2pException;
}
