package org.p2pstack.ipfs.internal.net;

import java.io.IOException;

/** Serves one inbound stream of a protocol; the stream is reset if this throws. */
@FunctionalInterface
public interface StreamHandler {

    void handle(Connection connection, YamuxStream stream) throws IOException;
}
