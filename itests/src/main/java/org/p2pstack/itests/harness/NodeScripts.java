package org.p2pstack.itests.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the test's Node.js scripts ({@code itests/src/test/js}, real peers from npm) with WebRTC stood in for
 * ({@code no-webrtc.mjs}), and returns what it printed.
 */
public final class NodeScripts {

    private NodeScripts() {
    }

    /**
     * Runs {@code node <args>} behind {@code prefix} (nothing, or {@code ip netns exec <namespace>}); fails with its
     * output unless it exits 0 within {@code timeout}.
     */
    public static String run(List<String> prefix, Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("node", "--import", "./no-webrtc.mjs"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(NodeProcess.pathProperty("itest.js").toFile())
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(args[0] + " did not stop: " + output);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(args[0] + " failed (exit " + process.exitValue() + "): " + output);
        }
        return output;
    }
}
