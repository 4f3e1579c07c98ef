package org.p2pstack.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.itests.harness.NodeProcess;

/**
 * Runs the release archive's installer into a temporary HOME, as a user would. There is no systemd user
 * session here, so the service files are checked with systemd-analyze and xmllint, and the node is run
 * through the installer's foreground fallback.
 */
class InstallerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path temp;
    private Path home;
    private Path release;
    private Path root;
    private int offset;

    @BeforeEach
    void unpackRelease() throws Exception {
        home = Files.createDirectories(temp.resolve("home"));
        Path archive = NodeProcess.pathProperty("itest.release");
        Path unpacked = Files.createDirectories(temp.resolve("download"));
        assertEquals(0, run(List.of("tar", "xzf", archive.toString(), "-C", unpacked.toString()), Map.of(), null).exit());
        try (var entries = Files.list(unpacked)) {
            release = entries.findFirst().orElseThrow();
        }
        root = home.resolve(".local/share/p2pstack");
        offset = Integer.getInteger("itest.port.offset", 1000) + 300;
    }

    private record Result(int exit, String output) {
    }

    private Result run(List<String> command, Map<String, String> env, Path directory) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("XDG_DATA_HOME");
        builder.environment().remove("XDG_CONFIG_HOME");
        builder.environment().remove("DISPLAY");
        builder.environment().put("P2PSTACK_PORT_OFFSET", Integer.toString(offset));
        builder.environment().put("P2PSTACK_LOCAL_NETWORK", "true");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), command + " did not finish");
        return new Result(process.exitValue(), output);
    }

    private Result installer(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(release.resolve("install.sh").toString()));
        command.addAll(List.of(args));
        return run(command, Map.of(), null);
    }

    @Test
    void foregroundInstallWaitsForHealthOpensTheBrowserAndUninstallKeepsData() throws Exception {
        Path opened = temp.resolve("opened-urls");
        Path landing = temp.resolve("landing-page-status");
        Path stubBrowser = temp.resolve("stub-browser");
        // like a browser, it asks for the landing page the moment it is opened (the sign-in link leads there)
        Files.writeString(stubBrowser, "#!/bin/sh\ncurl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:" + (8181 + offset)
                + "/ > '" + landing + "'\necho \"$1\" >> '" + opened + "'\n");
        Files.setPosixFilePermissions(stubBrowser, PosixFilePermissions.fromString("rwx------"));

        ProcessBuilder builder = new ProcessBuilder(release.resolve("install.sh").toString(), "--foreground")
                .redirectErrorStream(true).redirectOutput(temp.resolve("installer.log").toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("XDG_DATA_HOME");
        builder.environment().put("P2PSTACK_PORT_OFFSET", Integer.toString(offset));
        builder.environment().put("P2PSTACK_LOCAL_NETWORK", "true");
        builder.environment().put("P2PSTACK_BROWSER", stubBrowser.toString());
        // a user without Java: the installer and the node use the release's own jre/
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("PATH", noJava() + ":" + System.getenv("PATH"));
        Process installer = builder.start();
        try {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!Files.exists(opened) && System.nanoTime() < deadline && installer.isAlive()) {
                Thread.sleep(200);
            }
            String log = Files.readString(temp.resolve("installer.log"));
            assertTrue(Files.exists(opened), "the browser was not opened:\n" + log);
            String url = "http://127.0.0.1:" + (8181 + offset) + "/";
            // the browser is opened with the one-time sign-in link from the owner-only file
            Path linkFile = root.resolve("data/node/core/login-link");
            String link = Files.readString(opened).strip();
            assertTrue(link.startsWith(url + "login?key="), link);
            assertEquals(link, Files.readString(linkFile).strip());
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(linkFile)));
            assertTrue(log.contains("No service manager") || log.contains("foreground"), log);
            assertTrue(log.contains("ready."), "the installer waits until the node answers:\n" + log);
            assertEquals("200", Files.readString(landing).strip(), "the first page the user sees is the landing page, not an error");
            HttpResponse<String> status = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "api/status")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, status.statusCode(), "without the browser's session the node tells how to sign in");
            HttpResponse<String> signIn = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(303, signIn.statusCode());
            assertTrue(signIn.headers().firstValue("Set-Cookie").orElse("").contains("HttpOnly"));

            // user data lives outside the program directory
            assertTrue(Files.isRegularFile(root.resolve("data/node/core/sessions")));
            assertTrue(Files.isDirectory(root.resolve("data/karaf/log")), "logs live under the data directory");
            assertFalse(Files.exists(root.resolve("app/data")));

            Result uninstall = run(List.of(root.resolve("uninstall.sh").toString()), Map.of(), null);
            assertEquals(0, uninstall.exit(), uninstall.output());
            assertTrue(installer.waitFor(60, TimeUnit.SECONDS), "the node stopped with the uninstall");
            assertFalse(Files.exists(root.resolve("app")));
            assertTrue(Files.isRegularFile(root.resolve("data/node/core/sessions")), "data kept: " + uninstall.output());
        } finally {
            installer.descendants().forEach(ProcessHandle::destroyForcibly);
            installer.destroyForcibly();
        }
    }

    @Test
    void reinstallUpgradesInPlaceAndPurgeRemovesData() throws Exception {
        Result first = installer("--no-start");
        assertEquals(0, first.exit(), first.output());
        assertTrue(first.output().contains("Installing p2pstack"), first.output());
        Path marker = Files.writeString(Files.createDirectories(root.resolve("data/node/content")).resolve("mine.txt"), "keep");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("data"))));

        Result second = installer("--no-start");
        assertEquals(0, second.exit(), second.output());
        assertTrue(second.output().contains("Upgrading p2pstack"), second.output());
        assertEquals("keep", Files.readString(marker), "an upgrade never touches user data");
        assertTrue(Files.readString(root.resolve("app/bin/setenv.local")).contains(root.resolve("data").toString()));

        Result purge = run(List.of(root.resolve("uninstall.sh").toString(), "--purge"), Map.of(), null);
        assertEquals(0, purge.exit(), purge.output());
        assertFalse(Files.exists(root.resolve("data")), purge.output());
        assertFalse(Files.exists(root.resolve("app")));
    }

    @Test
    void withoutAServiceManagerItSaysSoAndHowToStart() throws Exception {
        Result result = installer("--no-browser");
        assertEquals(0, result.exit(), result.output());
        assertTrue(result.output().contains("No service manager is available"), result.output());
        assertTrue(result.output().contains(root.resolve("app/bin/start").toString()), result.output());
    }

    @Test
    void systemdUserUnitVerifies() throws Exception {
        assertEquals(0, installer("--no-start").exit());
        Result unit = installer("--print-systemd-unit");
        assertEquals(0, unit.exit());
        assertTrue(unit.output().contains("Restart=on-failure"));
        assertTrue(unit.output().contains("WantedBy=default.target"));
        assertTrue(unit.output().contains("ExecStart=\"" + root.resolve("app/bin/karaf") + "\" server"), unit.output());
        Path file = Files.writeString(temp.resolve("p2pstack.service"), unit.output());
        Result verify = run(List.of("systemd-analyze", "verify", file.toString()), Map.of(), null);
        assertEquals(0, verify.exit(), verify.output());
    }

    @Test
    void launchdAgentIsAValidPropertyList() throws Exception {
        Result plist = installer("--print-launchd-plist");
        assertEquals(0, plist.exit());
        assertTrue(plist.output().contains("<key>RunAtLoad</key>"));
        assertTrue(plist.output().contains("<key>KeepAlive</key>"));
        Path file = Files.writeString(temp.resolve("org.p2pstack.node.plist"), plist.output());
        Path dtd = Path.of(getClass().getResource("/PropertyList-1.0.dtd").toURI());
        Result lint = run(List.of("xmllint", "--noout", "--dtdvalid", dtd.toString(), file.toString()), Map.of(), null);
        assertEquals(0, lint.exit(), lint.output());
    }

    /** A folder whose 'java' fails, first on the PATH: the machine has no usable Java of its own. */
    private Path noJava() throws Exception {
        Path fakeBin = Files.createDirectories(temp.resolve("no-java-bin"));
        Path java = Files.writeString(fakeBin.resolve("java"), "#!/bin/sh\necho 'java: not installed' >&2\nexit 127\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        return fakeBin;
    }

    @Test
    void theReleaseCarriesItsOwnJava25WithOnlyTheModulesTheNodeNeeds() throws Exception {
        Path java = release.resolve("jre/bin/java");
        assertTrue(Files.isExecutable(java), "jre/bin/java is in the archive and executable");
        Result version = run(List.of(java.toString(), "-version"), Map.of(), null);
        assertTrue(version.output().contains("version \"25"), version.output());
        List<String> modules = run(List.of(java.toString(), "--list-modules"), Map.of(), null).output().lines()
                .map(line -> line.replaceAll("@.*", "")).toList();
        for (String needed : List.of("java.se", "jdk.unsupported", "jdk.internal.vm.ci", "jdk.management", "java.instrument")) {
            assertTrue(modules.contains(needed), needed + " is missing from " + modules);
        }
        for (String tool : List.of("jdk.compiler", "jdk.jshell", "jdk.javadoc", "jdk.jlink")) {
            assertFalse(modules.contains(tool), tool + " is a developer tool the node does not need");
        }
        assertTrue(Files.isExecutable(release.resolve("jre/lib/jspawnhelper")), "processes can be started");
    }

    @Test
    void tooOldJavaGetsAClearMessage() throws Exception {
        // an archive without its runtime (a hand-made copy) on a machine with an old Java
        deleteTree(release.resolve("jre"));
        Path fakeBin = Files.createDirectories(temp.resolve("fake-bin"));
        Path java = Files.writeString(fakeBin.resolve("java"), "#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Result result = run(List.of(release.resolve("install.sh").toString()),
                Map.of("PATH", fakeBin + ":" + System.getenv("PATH"), "JAVA_HOME", ""), null);
        assertEquals(1, result.exit());
        assertTrue(result.output().contains("Java 11 is too old, and this copy of p2pstack has no Java runtime of its own (jre/)"),
                result.output());
        assertTrue(result.output().contains("Unpack the whole release archive again"), result.output());
        assertFalse(Files.exists(root.resolve("app")), "nothing is installed");
    }

    private static void deleteTree(Path folder) throws Exception {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

}
