package org.p2pstack.itests.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * One copy of the assembled distribution, started with its own scripts ({@code bin/start},
 * {@code bin/stop}, {@code bin/client}) exactly as a user or operator would, at a port offset.
 * Used by the integration tests and the benchmarks.
 */
public final class NodeProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path home;
    private final int offset;
    /**
     * One cookie jar for the whole test run, as one browser would have: each node's session cookie has a name of its
     * own ({@code p2pstack-session-<port>}), so clients made by {@link #httpClient()} are signed in to every node
     * that {@link #awaitReady} signed in.
     */
    private static final CookieManager COOKIES = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

    private final HttpClient http = httpClient();
    /** What this node's scripts run under: nothing, or {@code ip netns exec <host>} on the testbed. */
    private List<String> runUnder = List.of();

    private NodeProcess(Path home, int offset) {
        this.home = home;
        this.offset = offset;
    }

    /**
     * A fresh copy of {@code distribution} at {@code target} (replacing what was there). Its shared folder is
     * {@code <target>/shared}, never the user's own {@code ~/P2PStack/Shared}.
     */
    public static NodeProcess copyOf(Path distribution, Path target, int offset) throws IOException {
        deleteTree(target);
        copyTree(distribution, target);
        NodeProcess node = new NodeProcess(target, offset);
        if (Files.isRegularFile(target.resolve("etc/org.p2pstack.core.cfg"))) { // a p2pstack node, not stock Karaf
            node.configureCore("sharedFolder", node.sharedFolder().toString());
        }
        return node;
    }

    /**
     * Runs this node (its {@code bin/start}, {@code bin/client}, {@code bin/stop}) inside the testbed host
     * {@code namespace}; the test reaches its loopback ports through a {@link org.p2pstack.itests.testbed.UnixRelay}.
     */
    public NodeProcess inNamespace(String namespace) {
        runUnder = List.of("ip", "netns", "exec", namespace);
        return this;
    }

    /** What runs a command where this node runs: nothing, or {@code ip netns exec <namespace>} in the testbed. */
    public List<String> commandPrefix() {
        return runUnder;
    }

    /** The node's I2P browser proxy, on 127.0.0.1 where the node runs (its default port, 4444 + the offset). */
    public int i2pProxyPort() {
        return 4444 + offset;
    }

    /** An HTTP client that carries the session cookies of the nodes signed in by this test run. */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).cookieHandler(COOKIES).build();
    }

    /** The node's current one-time sign-in link, from the owner-only file that {@code bin/open} reads. */
    public String loginLink() throws IOException {
        return Files.readString(home.resolve("data/p2pstack/core/login-link")).strip();
    }

    /** Signs the test run in (as {@code bin/open} signs a browser in): later {@link #httpClient()} requests carry the cookie. */
    public void signIn() throws IOException, InterruptedException {
        HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(loginLink())).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() != 303) {
            throw new IllegalStateException("Signing in to the node failed with " + answer.statusCode() + logTail());
        }
    }

    /** The anti-forgery token of this test run's session, for requests that change something. */
    public String token() throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(privateUri("/api/session")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("\"token\":\"([A-Za-z0-9_-]+)\"").matcher(body);
        if (!token.find()) {
            throw new IllegalStateException("No token in " + body);
        }
        return token.group(1);
    }

    /** The folder this node keeps its content in. */
    public Path sharedFolder() {
        return home.resolve("shared");
    }

    /** Sets {@code key = value} in the node's {@code etc/org.p2pstack.core.cfg} (before start, or live). */
    public void configureCore(String key, String value) throws IOException {
        configure("org.p2pstack.core", key, value);
    }

    /** Sets {@code key = value} in the node's {@code etc/<pid>.cfg}, e.g. {@code org.p2pstack.i2p} (before start, or live). */
    public void configure(String pid, String key, String value) throws IOException {
        if (!pid.matches("[a-z0-9.]+")) {
            throw new IllegalArgumentException("not a configuration pid: " + pid);
        }
        Path cfg = home.resolve("etc/" + pid + ".cfg");
        List<String> lines = Files.isRegularFile(cfg) ? new java.util.ArrayList<>(Files.readAllLines(cfg)) : new java.util.ArrayList<>();
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*")) {
                lines.set(i, key + " = " + value);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(key + " = " + value);
        }
        Files.createDirectories(sharedFolder());
        Files.write(cfg, lines);
    }

    /** Kills the node's JVM at once (SIGKILL): no shutdown hooks, nothing flushed. */
    public void kill() throws IOException {
        // every JVM of this copy, not only the one in karaf.pid: a pid file can lag behind a fresh start
        List<ProcessHandle> jvms = new java.util.ArrayList<>(jvmsOfThisCopy());
        process().ifPresent(p -> {
            if (!jvms.contains(p)) {
                jvms.add(p);
            }
        });
        jvms.forEach(ProcessHandle::destroyForcibly);
        jvms.forEach(p -> p.onExit().join());
    }

    /** Running JVMs started from this copy's directory (their command line names it as karaf.home). */
    private List<ProcessHandle> jvmsOfThisCopy() {
        String marker = "-Dkaraf.home=" + home.toAbsolutePath();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains(marker + " ") || c.endsWith(marker) || c.contains(marker + "/ ")).orElse(false)).toList();
    }

    public Path home() {
        return home;
    }

    public int offset() {
        return offset;
    }

    public int privatePort() {
        return 8181 + offset;
    }

    public int publicPort() {
        return 8182 + offset;
    }

    public URI privateUri(String path) {
        return URI.create("http://127.0.0.1:" + privatePort() + path);
    }

    public URI publicUri(String path) {
        return URI.create("http://127.0.0.1:" + publicPort() + path);
    }

    /**
     * Runs {@code bin/start} (the node goes to the background) and returns at once. Refuses to start when
     * something else already listens on the node's private or public port (another test run, another node):
     * the test would otherwise talk to that program instead.
     */
    public void start() throws IOException, InterruptedException {
        // on the testbed, the test's ports are the relay's, and the host's own loopback is fresh
        for (int port : runUnder.isEmpty() ? new int[] { privatePort(), publicPort() } : new int[0]) {
            try (java.net.Socket probe = new java.net.Socket()) {
                probe.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
                throw new IllegalStateException("Port " + port + " is already in use by another program; stop it or "
                        + "choose another itest.port.offset");
            } catch (java.net.ConnectException | java.net.SocketTimeoutException free) {
                // nobody listens: good
            }
        }
        int exit = script(List.of("bin/start"), null, Duration.ofSeconds(30)).exitCode();
        if (exit != 0) {
            throw new IllegalStateException("bin/start exited with " + exit);
        }
    }

    /**
     * Waits until the node is ready for a person: the status API, the page's session endpoint, the landing
     * page and the public site all answer 200. (Right after start-up, web endpoints register one by one.)
     */
    public Duration awaitReady(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        // 401 without a session: the node is up and has written its sign-in link; 200 when signed in already
        awaitStatus(privateUri("/api/session"), s -> s == 401 || s == 200, timeout);
        try {
            signIn();
        } catch (IOException e) {
            throw new AssertionError("Cannot sign in: " + e + logTail(), e);
        }
        for (URI uri : List.of(privateUri("/api/status"), privateUri("/api/session"), privateUri("/"), publicUri("/"))) {
            Duration left = timeout.minusNanos(System.nanoTime() - start);
            awaitStatus(uri, s -> s == 200, left.isNegative() ? Duration.ZERO : left);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Polls {@code uri} until its status satisfies {@code expected}; returns how long that took. */
    public Duration awaitStatus(URI uri, IntPredicate expected, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = statusOf(uri);
            if (expected.test(last)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(25);
        }
        throw new AssertionError(uri + " did not reach the expected status within " + timeout + " (last: " + last + ")"
                + logTail());
    }

    private int statusOf(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Runs console commands through {@code bin/client -b} and returns what it printed. */
    public String console(String... commands) throws IOException, InterruptedException {
        Result result = consoleResult(commands);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("bin/client exited with " + result.exitCode() + ": " + result.output());
        }
        return result.output();
    }

    /** Runs console commands through {@code bin/client -b}; a failing command gives a non-zero exit code. */
    public Result consoleResult(String... commands) throws IOException, InterruptedException {
        return script(List.of("bin/client", "-b", "-r", "10", "-d", "1"), String.join("\n", commands) + "\n",
                Duration.ofMinutes(5));
    }

    /**
     * Runs {@code bin/client} with these arguments (e.g. {@code -b p2p:status}) and an empty stdin, as a script
     * that passes the command on the line does.
     */
    public Result client(String... arguments) throws IOException, InterruptedException {
        return client(Map.of(), arguments);
    }

    /** {@link #client(String...)} with more environment variables, e.g. {@code JAVA_OPTS}. */
    public Result client(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bin/client"));
        command.addAll(List.of(arguments));
        return script(command, "", Duration.ofMinutes(2), environment);
    }

    /** Stops the node with {@code bin/stop}; kills it if it has not gone within 30 s. */
    public void stop() throws IOException, InterruptedException {
        Optional<ProcessHandle> process = process();
        if (process.isEmpty()) {
            return;
        }
        script(List.of("bin/stop"), null, Duration.ofSeconds(30));
        try {
            process.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception notStopped) {
            process.get().destroyForcibly();
            process.get().onExit().join();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /** The node's JVM, found through the pid file Karaf writes. */
    public Optional<ProcessHandle> process() throws IOException {
        Path pidFile = home.resolve("karaf.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        String pid = Files.readString(pidFile).strip();
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
    }

    /** The last lines of the node's log, to explain a failure. */
    public String logTail() {
        Path log = home.resolve("data/log/karaf.log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\n--- last lines of " + log + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "\n(no log at " + log + ")";
        }
    }

    /**
     * The stacks of the node's threads whose name contains {@code namePart} (jcmd of the JDK running the tests), to
     * show where a node was stuck when a test gave up waiting.
     */
    public String threads(String namePart) {
        try {
            Optional<ProcessHandle> jvm = process();
            if (jvm.isEmpty()) {
                return "\n(the node is not running)";
            }
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.get().pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String all = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor(30, TimeUnit.SECONDS);
            StringBuilder picked = new StringBuilder("\n--- node threads named *" + namePart + "* ---\n");
            for (String thread : all.split("\n\n")) {
                if (thread.startsWith("\"") && thread.lines().findFirst().orElse("").contains(namePart)) {
                    picked.append(thread).append("\n\n");
                }
            }
            return picked.toString();
        } catch (IOException e) {
            return "\n(no thread dump: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "\n(no thread dump: interrupted)";
        }
    }

    public record Result(int exitCode, String output) {
    }

    private Result script(List<String> command, String input, Duration timeout) throws IOException, InterruptedException {
        return script(command, input, timeout, Map.of());
    }

    private Result script(List<String> command, String input, Duration timeout, Map<String, String> environment)
            throws IOException, InterruptedException {
        List<String> full = new java.util.ArrayList<>(runUnder);
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(home.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.putAll(environment);
        env.put("P2PSTACK_PORT_OFFSET", Integer.toString(offset));
        // tests stay on this computer: no public bootstrap peers, reseed servers or DHT nodes
        env.put("P2PSTACK_LOCAL_NETWORK", "true");
        Process process = builder.start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes(); // the scripts end on their own; a daemon keeps no handle on our pipe
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within " + timeout);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Reads a required system property naming a path. */
    public static Path pathProperty(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new UncheckedIOException(new IOException("System property " + name + " is not set (run through Maven)"));
        }
        return Path.of(value);
    }
}
