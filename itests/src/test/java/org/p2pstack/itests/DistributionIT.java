package org.p2pstack.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.p2pstack.itests.harness.NodeProcess;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Boots the assembled distribution with its own scripts and checks what a user, a dApp author and an
 * operator see: the landing page, the status API, the private/public split, hot deployment of a dApp,
 * the console, and a second node beside the first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration HOT_DEPLOY_LIMIT = Duration.ofSeconds(2);

    private final HttpClient http = NodeProcess.httpClient();
    private NodeProcess node;
    private Path dappJar;

    @BeforeAll
    void startNode() throws Exception {
        Path work = NodeProcess.pathProperty("itest.work");
        dappJar = NodeProcess.pathProperty("itest.dapp");
        int offset = Integer.getInteger("itest.port.offset", 1000);
        node = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("node-a"), offset);
        node.start();
        node.awaitReady(BOOT_TIMEOUT);
    }

    @AfterAll
    void stopNode() throws Exception {
        if (node != null) {
            node.stop();
        }
    }

    private HttpResponse<String> get(URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    @Test
    @Order(1)
    void landingPageWelcomesTheUser() throws Exception {
        HttpResponse<String> page = get(node.privateUri("/"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Welcome to your own corner of the internet"), page.body());
        assertEquals(200, get(node.privateUri("/dapps/home/js/app.js")).statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
    }

    @Test
    @Order(2)
    void statusApiListsEveryStack() throws Exception {
        HttpResponse<String> response = get(node.privateUri("/api/status"));
        assertEquals(200, response.statusCode());
        JsonObject status = json(response);
        assertEquals("0.1.0-SNAPSHOT", status.get("version").getAsString());
        assertTrue(status.get("uptimeSeconds").getAsLong() >= 0);
        assertEquals(java.util.List.of("i2p", "ipfs", "swarm", "torrent"),
                java.util.List.copyOf(status.getAsJsonObject("stacks").keySet()), "stacks in display order");
        for (String stack : new String[] { "i2p", "ipfs", "swarm", "torrent" }) {
            String state = status.getAsJsonObject("stacks").getAsJsonObject(stack).get("state").getAsString();
            assertTrue(java.util.Set.of("starting", "running", "failed", "absent").contains(state), stack + ": " + state);
        }
        assertEquals("running", status.getAsJsonObject("stacks").getAsJsonObject("torrent").get("state").getAsString());
        String swarm = status.getAsJsonObject("stacks").getAsJsonObject("swarm").get("state").getAsString();
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (swarm.equals("absent") && System.nanoTime() < deadline) { // its bundle may still be starting
            Thread.sleep(200);
            swarm = json(get(node.privateUri("/api/status"))).getAsJsonObject("stacks").getAsJsonObject("swarm")
                    .get("state").getAsString();
        }
        assertTrue(swarm.equals("starting") || swarm.equals("running"), "swarm: " + swarm);
        assertTrue(status.get("identity").isJsonObject());
        assertEquals(node.privatePort(), status.getAsJsonObject("ports").get("private").getAsInt());
        assertEquals("/api/logs", status.getAsJsonObject("logs").get("url").getAsString());
        assertTrue(status.getAsJsonObject("network").get("localOnly").getAsBoolean(), "tests keep nodes on this computer");
        HttpResponse<String> log = get(node.privateUri("/api/logs"));
        assertEquals(200, log.statusCode());
        assertTrue(log.body().contains("p2pstack-core"), "the log tail shows the node's own bundles");
        assertEquals(404, get(node.publicUri("/api/logs")).statusCode(), "logs are private");
    }

    @Test
    @Order(3)
    void privateApiRefusesWhatCameThroughI2p() throws Exception {
        HttpResponse<String> response = get(node.privateUri("/api/status"), "X-I2P-DestB32", "abcdef.b32.i2p");
        assertEquals(403, response.statusCode());
        assertTrue(json(response).get("error").getAsString().contains("I2P"));
        assertEquals(403, get(node.privateUri("/"), "x-i2p-desthash", "x").statusCode());
    }

    @Test
    @Order(4)
    void nothingPrivateAnswersOnThePublicConnector() throws Exception {
        for (String path : new String[] { "/api/status", "/api/session", "/api/dapps", "/dapps/home/", "/dapps/home/index.html",
                "/%2e%2e/api/status", "/public/../api/status" }) {
            HttpResponse<String> response = get(node.publicUri(path));
            assertTrue(response.statusCode() == 404 || response.statusCode() == 400, path + " -> " + response.statusCode());
            assertFalse(response.body().contains("token"), path);
        }
        HttpResponse<String> landing = get(node.publicUri("/"));
        assertEquals(200, landing.statusCode());
        assertTrue(landing.body().contains("served straight from its owner's own computer"));
        assertEquals(405, post(node.publicUri("/")).statusCode());
    }

    @Test
    @Order(5)
    void crossSiteRequestsAreRefused() throws Exception {
        String token = json(get(node.privateUri("/api/session"))).get("token").getAsString();
        assertEquals(403, post(node.privateUri("/api/dapps"), "Origin", "http://evil.example", "X-P2PStack-Token", token)
                .statusCode());
        assertEquals(403, post(node.privateUri("/api/dapps"), "Sec-Fetch-Site", "cross-site", "X-P2PStack-Token", token)
                .statusCode());
        assertEquals(403, post(node.privateUri("/api/dapps"), "Origin", "http://127.0.0.1:" + node.privatePort())
                .statusCode(), "a change without the token");
        assertEquals(403, get(node.privateUri("/api/session"), "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "cors")
                .statusCode());
        // the same request from the node's own page passes the gate (the endpoint itself is read-only: 405)
        assertEquals(405, post(node.privateUri("/api/dapps"), "Origin", "http://127.0.0.1:" + node.privatePort(),
                "Sec-Fetch-Site", "same-origin", "X-P2PStack-Token", token).statusCode());
    }

    @Test
    @Order(5)
    void onlyASignedInBrowserUsesThePrivateSite() throws Exception {
        // V3: another program or local user on this computer has no session cookie
        HttpClient anonymous = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (String path : new String[] { "/api/session", "/api/status", "/api/logs", "/api/profile", "/tracker", "/unknown" }) {
            HttpResponse<String> response = anonymous.send(HttpRequest.newBuilder(node.privateUri(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, response.statusCode(), path);
            assertFalse(response.body().contains("token\""), path);
        }
        assertEquals(200, anonymous.send(HttpRequest.newBuilder(node.privateUri("/")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode(), "the page itself loads and says how to sign in");
        // the console prints a one-time link; it signs in once
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("http://127\\.0\\.0\\.1:" + node.privatePort()
                + "/login\\?key=[A-Za-z0-9_-]{43}").matcher(node.console("p2p:open"));
        assertTrue(link.find());
        HttpResponse<Void> signIn = anonymous.send(HttpRequest.newBuilder(URI.create(link.group())).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(303, signIn.statusCode());
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("p2pstack-session-" + node.privatePort() + "=") && cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Strict"), cookie);
        assertEquals(200, anonymous.send(HttpRequest.newBuilder(node.privateUri("/api/status"))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode());
        assertEquals(403, anonymous.send(HttpRequest.newBuilder(URI.create(link.group())).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode(), "a used link does not work again");
        // W1: the public site's namespace is not mounted on the private origin
        assertEquals(404, get(node.privateUri("/public/profile.json")).statusCode());
    }

    @Test
    @Order(6)
    void dappHotDeployReplaceAndRemove() throws Exception {
        Path deployed = node.home().resolve("deploy/p2pstack-dapp-stacks.jar");
        URI page = node.privateUri("/dapps/stacks/");
        assertEquals(404, get(page).statusCode());

        Files.copy(dappJar, deployed);
        Duration took = node.awaitStatus(page, s -> s == 200, Duration.ofSeconds(10));
        assertTrue(took.compareTo(HOT_DEPLOY_LIMIT) <= 0, "hot deploy took " + took);
        // the owner opens the node's page around the dApp; the dApp's own page runs in its sandboxed frame
        HttpResponse<String> shell = get(page);
        assertTrue(shell.body().contains("<title>Network stacks</title>") && shell.body().contains("src=\"/dapps/stacks/_app/\""),
                shell.body());
        HttpResponse<String> inner = get(node.privateUri("/dapps/stacks/_app/"));
        assertTrue(inner.body().contains("Network stacks"));
        assertTrue(inner.headers().firstValue("Content-Security-Policy").orElse("").startsWith("sandbox allow-scripts"),
                "never in the owner's origin: " + inner.headers().map());
        assertTrue(get(node.privateUri("/dapps/stacks/icon.svg")).headers().firstValue("Content-Security-Policy").orElse("")
                .startsWith("sandbox;"), "a dApp's SVG opened directly runs nothing");
        assertTrue(get(node.privateUri("/api/dapps")).body().contains("\"name\":\"stacks\""));
        node.awaitStatus(node.privateUri("/dapps/stacks/api/summary"), s -> s == 200, Duration.ofSeconds(10));
        assertEquals(4, json(get(node.privateUri("/dapps/stacks/api/summary"))).get("total").getAsInt());
        assertEquals(403, get(node.privateUri("/dapps/stacks/api/summary"), "X-I2P-DestB32", "x").statusCode(),
                "a dApp's own API is behind the same gate");
        assertEquals(404, get(node.publicUri("/dapps/stacks/")).statusCode());

        Path replacement = deployed.resolveSibling("stacks-v2.tmp");
        rewriteEntry(dappJar, replacement, "web/index.html", "<!doctype html><title>Network stacks v2</title>");
        Files.move(replacement, deployed, StandardCopyOption.REPLACE_EXISTING);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        URI framed = node.privateUri("/dapps/stacks/_app/");
        while (!get(framed).body().contains("Network stacks v2") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(get(framed).body().contains("Network stacks v2"), "the replaced jar is served");

        Files.delete(deployed);
        took = node.awaitStatus(page, s -> s == 404, Duration.ofSeconds(10));
        assertTrue(took.compareTo(HOT_DEPLOY_LIMIT) <= 0, "removal took " + took);
        // the page goes first; the list (which also shows dApps that are installed but stopped) follows when the
        // bundle is gone
        long listDeadline = System.nanoTime() + HOT_DEPLOY_LIMIT.toNanos();
        while (get(node.privateUri("/api/dapps")).body().contains("\"name\":\"stacks\"") && System.nanoTime() < listDeadline) {
            Thread.sleep(50);
        }
        assertFalse(get(node.privateUri("/api/dapps")).body().contains("\"name\":\"stacks\""));
    }

    @Test
    @Order(7)
    void dappsInDeployComeBackAfterARestart() throws Exception {
        // after a restart, deploy/ bundles may start before the web server: they must still be served
        Files.copy(dappJar, node.home().resolve("deploy/p2pstack-dapp-stacks.jar"));
        node.awaitStatus(node.privateUri("/dapps/stacks/"), s -> s == 200, Duration.ofSeconds(10));
        node.stop();
        node.start();
        node.awaitReady(BOOT_TIMEOUT);
        node.awaitStatus(node.privateUri("/dapps/stacks/"), s -> s == 200, BOOT_TIMEOUT);
        node.awaitStatus(node.privateUri("/dapps/stacks/api/summary"), s -> s == 200, Duration.ofSeconds(10));
        assertTrue(get(node.privateUri("/api/dapps")).body().contains("\"name\":\"stacks\""));
        Files.delete(node.home().resolve("deploy/p2pstack-dapp-stacks.jar"));
        node.awaitStatus(node.privateUri("/dapps/stacks/"), s -> s == 404, Duration.ofSeconds(10));
    }

    @Test
    @Order(8)
    void consoleShowsStatusWithoutAPassword() throws Exception {
        String output = node.console("p2p:status", "dapp:list");
        assertTrue(output.matches("(?s).*torrent +running +Streaming \\d+ files?.*"), output);
        assertTrue(output.matches("(?s).*home +\\S+ +Home +/dapps/home/.*"), output);
        assertTrue(output.contains("data/log/karaf.log"), output);
        Path users = node.home().resolve("etc/users.properties");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        assertFalse(Files.readString(users).contains("karaf = karaf"));
        assertTrue(Files.readString(node.home().resolve("etc/org.apache.karaf.shell.cfg")).contains("sshHost = 127.0.0.1"));
    }

    @Test
    @Order(8)
    void onJava25TheConsoleChecksRolesRunsPipelinesAndEventAdminGetsTheLogins() throws Exception {
        // the node runs on the release's own runtime, Java 25
        String command = node.process().orElseThrow().info().command().orElse("");
        assertTrue(command.endsWith("jre/bin/java"), command);
        assertTrue(Files.readString(node.home().resolve("jre/release")).contains("JAVA_VERSION=\"25"));
        // each of these called Subject.getSubject, which Java 25 refuses, until bundles/jaas-compat rewrote them
        String whoami = node.console("jaas:whoami --roles");
        assertTrue(whoami.contains("admin") && whoami.contains("ssh"), whoami); // JaasHelper.doAs + WhoamiCommand
        assertTrue(node.console("jaas:whoami").contains("p2pstack"));
        // a pipeline runs its commands on threads of its own: they keep the subject (role checks pass there too)
        assertTrue(node.console("bundle:list -t 0 | grep -i eventadmin").contains("Active"));
        // the JAAS login is audited through EventAdmin, which adds the subject to every event it sends
        assertTrue(node.console("event:display").contains("org/apache/karaf/login/SUCCESS"));
        NodeProcess.Result wrong = node.client("-u", "p2pstack", "-p", "not-the-password", "-r", "0", "-b", "jaas:whoami");
        assertFalse(wrong.output().contains("admin"), "a wrong password gets no console: " + wrong.output());
        String log = Files.readString(node.home().resolve("data/log/karaf.log"));
        assertFalse(log.contains("getSubject"), "no getSubject errors in karaf.log");
        assertFalse(log.contains("Unable to start shell"), log);
        assertFalse(log.contains("EventAdmin events: java.lang.NoClassDefFoundError"), log);
    }

    @Test
    @Order(9)
    void secondNodeRunsBesideTheFirstWithShiftedPorts() throws Exception {
        Path work = NodeProcess.pathProperty("itest.work");
        try (NodeProcess second = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("node-b"),
                node.offset() + 100)) {
            second.start();
            second.awaitReady(BOOT_TIMEOUT);
            JsonObject ports = json(get(second.privateUri("/api/status"))).getAsJsonObject("ports");
            assertEquals(node.offset() + 100, ports.get("offset").getAsInt());
            assertEquals(node.publicPort() + 100, ports.get("public").getAsInt());
            assertEquals(200, get(second.publicUri("/")).statusCode());
            assertEquals(200, get(node.privateUri("/api/status")).statusCode(), "the first node still answers");
            assertTrue(second.console("p2p:status").contains("torrent"));
            assertFalse(Files.readString(second.home().resolve("etc/users.properties"))
                    .equals(Files.readString(node.home().resolve("etc/users.properties"))), "credentials differ per install");
        }
    }

    @Test
    @Order(10)
    void consoleRunsACommandFromTheLineWithItsClassArchiveAndWithoutIt() throws Exception {
        Path archives = node.home().resolve("data/client");
        NodeProcess.deleteTree(archives);
        // the first call writes the client's class-data archive, the next one maps it
        assertStatusPrinted(node.client("-b", "p2p:status"));
        Path archive = clientArchive(archives);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archives)));
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));
        NodeProcess.Result mapped = node.client(java.util.Map.of("JAVA_OPTS", "-Xlog:class+load"), "-b", "p2p:status");
        assertStatusPrinted(mapped);
        assertTrue(mapped.output().contains("org.apache.karaf.client.Main source: shared objects file (top)"),
                "the client's classes come from the archive");
        assertEquals(archive, clientArchive(archives), "a good archive is kept");

        // damaged in the middle, then cut short: never handed to the JVM (which could crash on it), and written anew
        byte[] good = Files.readAllBytes(archive);
        byte[] damaged = good.clone();
        for (int i = damaged.length / 2; i < damaged.length / 2 + 4096; i++) {
            damaged[i] ^= 0x5a;
        }
        for (byte[] broken : java.util.List.of(damaged, java.util.Arrays.copyOf(good, good.length / 3))) {
            Path replacement = archives.resolve("broken.tmp");
            Files.write(replacement, broken);
            Files.move(replacement, archive, StandardCopyOption.REPLACE_EXISTING);
            NodeProcess.Result afterDamage = node.client("-b", "p2p:status");
            assertStatusPrinted(afterDamage);
            assertFalse(afterDamage.output().contains("fatal error"), afterDamage.output());
            assertTrue(node.client(java.util.Map.of("JAVA_OPTS", "-Xlog:class+load"), "-b", "p2p:status").output()
                    .contains("org.apache.karaf.client.Main source: shared objects file (top)"), "a new archive is in use");
        }
        try (var files = Files.list(node.home())) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("hs_err")), "no JVM crashed");
        }

        // the commands on stdin (Karaf's batch mode) and several commands on the line
        assertStatusPrinted(node.consoleResult("p2p:status"));
        assertTrue(node.client("-b", "p2p:status;", "dapp:list").output().matches("(?s).*home +\\S+ +Home +/dapps/home/.*"));
    }

    private static void assertStatusPrinted(NodeProcess.Result result) {
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().matches("(?s).*torrent +running +Streaming \\d+ files?.*"), result.output());
    }

    /** The one archive in data/client (and its checksum beside it). */
    private static Path clientArchive(Path archives) throws IOException {
        try (var files = Files.list(archives)) {
            java.util.List<Path> jsa = files.filter(f -> f.getFileName().toString().matches("client-\\d+-\\d+\\.jsa")).toList();
            assertEquals(1, jsa.size(), "archives: " + jsa);
            assertTrue(Files.isRegularFile(archives.resolve(jsa.get(0).getFileName() + ".cksum")));
            return jsa.get(0);
        }
    }

    /** Copies a jar, replacing one entry's content. */
    private static void rewriteEntry(Path source, Path target, String entryName, String content) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(source));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals(entryName)) {
                    out.write(content.getBytes(StandardCharsets.UTF_8));
                } else {
                    copy(in, out);
                }
                out.closeEntry();
            }
        }
    }

    private static void copy(InputStream in, java.io.OutputStream out) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        buffer.writeTo(out);
    }
}
