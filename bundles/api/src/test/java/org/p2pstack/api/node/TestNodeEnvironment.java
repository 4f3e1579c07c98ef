package org.p2pstack.api.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link NodeEnvironment} for the stacks' unit tests (shipped in this module's test jar): every area's data
 * under {@code dataRoot}, the private and public sites on 8181/8182 shifted by {@code portOffset}.
 */
public record TestNodeEnvironment(Path dataRoot, int portOffset, boolean localNetworkOnly) implements NodeEnvironment {

    /** Offset 0, not limited to the local network. */
    public TestNodeEnvironment(Path dataRoot) {
        this(dataRoot, 0, false);
    }

    @Override
    public int privatePort() {
        return 8181 + portOffset;
    }

    @Override
    public int publicPort() {
        return 8182 + portOffset;
    }

    @Override
    public String tunnelSecret() {
        return "test-tunnel-secret";
    }

    @Override
    public Path dataDir(String area) {
        try {
            return Files.createDirectories(dataRoot.resolve(area));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
