package org.p2pstack.swarm.internal.interop;

import java.io.IOException;

import com.google.gson.JsonObject;

/** {@link NodeProcess} for tests in other packages. */
public final class NodeProcessAccess implements AutoCloseable {

    private final NodeProcess process;

    public NodeProcessAccess(String script, String... args) throws IOException {
        process = new NodeProcess(script, args);
    }

    public JsonObject await(String key, int seconds) throws InterruptedException {
        return process.await(key, seconds);
    }

    public void send(JsonObject command) throws IOException {
        process.send(command);
    }

    @Override
    public void close() {
        process.close();
    }
}
