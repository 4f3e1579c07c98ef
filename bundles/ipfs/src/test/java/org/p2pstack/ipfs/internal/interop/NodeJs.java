package org.p2pstack.ipfs.internal.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs the helia / js-libp2p counterpart scripts of src/test/interop with the machine's {@code node}.
 * The Maven build installs their packages with {@code npm ci}; if node or the packages are missing the
 * tests fail with a message that says so: nothing is skipped silently.
 */
public final class NodeJs implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();

    private NodeJs(Process process) {
        this.process = process;
        Thread out = new Thread(() -> pump(process.getInputStream(), null), "node-stdout");
        Thread err = new Thread(() -> pump(process.getErrorStream(), stderr), "node-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    private void pump(java.io.InputStream in, StringBuffer sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (sink != null) {
                    if (sink.length() < 64_000) {
                        sink.append(line).append('\n');
                    }
                } else {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            // process ended
        }
    }

    public static Path interopDir() {
        String dir = System.getProperty("interop.dir");
        Path p = dir != null ? Path.of(dir) : Path.of("src/test/interop");
        return p.toAbsolutePath();
    }

    /** Fails the calling test unless node and the npm packages are there. */
    public static void requireInstalled() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail("`node --version` failed: " + v);
            }
        } catch (IOException e) {
            fail("Node.js is not installed (no `node` on PATH): the IPFS interop tests run helia/js-libp2p peers "
                    + "with it. Install Node.js 20 or newer (e.g. apt-get install nodejs npm).");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        if (!Files.isDirectory(interopDir().resolve("node_modules/helia"))) {
            fail("The interop packages are not installed in " + interopDir() + ": run the Maven build without "
                    + "-Dinterop.skip (it runs `npm ci --legacy-peer-deps` there), or run that command by hand.");
        }
    }

    /** Starts {@code node script args...} in the interop directory. */
    public static NodeJs start(String script, String... args) throws IOException {
        requireInstalled();
        List<String> cmd = new ArrayList<>(List.of("node", script));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(interopDir().toFile());
        return new NodeJs(pb.start());
    }

    /**
     * Starts {@code prefix... node script args...} in the interop directory: e.g. {@code ip netns exec <ns>} as the
     * prefix runs the script inside a network namespace.
     */
    public static NodeJs startWith(List<String> prefix, String script, String... args) throws IOException {
        requireInstalled();
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add("node");
        cmd.add(script);
        cmd.addAll(List.of(args));
        return new NodeJs(new ProcessBuilder(cmd).directory(interopDir().toFile()).start());
    }

    /** Starts any other counterpart that speaks the same line protocol (our own node as a process, say). */
    public static NodeJs startProcess(List<String> command) throws IOException {
        return new NodeJs(new ProcessBuilder(command).directory(interopDir().toFile()).start());
    }

    /** Runs a script to its end and returns its standard output lines; fails on a non-zero exit or timeout. */
    public static List<String> run(Duration timeout, String script, String... args) throws IOException, InterruptedException {
        try (NodeJs n = start(script, args)) {
            if (!n.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("node " + script + " did not finish within " + timeout + "\n" + n.stderr);
            }
            Thread.sleep(50); // let the pumps drain
            assertEquals(0, n.process.exitValue(), "node " + script + " failed:\n" + n.stderr);
            List<String> out = new ArrayList<>();
            n.lines.drainTo(out);
            return out;
        }
    }

    /** Waits for the next stdout line starting with {@code prefix} and returns the rest of it. */
    public String await(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                fail("node did not print '" + prefix + "' within " + timeout + (process.isAlive() ? "" : " (it exited)")
                        + "\nstderr:\n" + stderr);
            }
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
    }

    /** Sends one command line to the script's standard input. */
    public void send(String line) throws IOException {
        OutputStream o = process.getOutputStream();
        o.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        o.flush();
    }

    public String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
