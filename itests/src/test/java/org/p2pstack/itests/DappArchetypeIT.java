package org.p2pstack.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.p2pstack.itests.harness.MavenRun;
import org.p2pstack.itests.harness.NodeProcess;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The 15-minute path of a dApp author, end to end: {@code archetype:generate} for both flavours, {@code mvn package}
 * of each new project (offline, from the build's own local repository), the jars dropped into a running node's
 * {@code deploy/}, and what the node then serves. Also: the build refuses a dApp that needs a package the node does
 * not provide (the review's Jackson case), and the archetype refuses a name the node would refuse.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DappArchetypeIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAVEN_TIMEOUT = Duration.ofMinutes(3);
    /** Text of the template's page (both flavours). */
    private static final String PAGE_TEXT = "This is your new dApp";

    private final HttpClient http = NodeProcess.httpClient();
    private final Path work = NodeProcess.pathProperty("itest.work").resolve("archetype");
    private final Path projects = work.resolve("projects");
    private final String version = System.getProperty("itest.project.version", "0.1.0-SNAPSHOT");
    private final MavenRun maven = MavenRun.fromProperties("itest");
    private NodeProcess node;

    @BeforeAll
    void startNodeAndGenerate() throws Exception {
        int offset = Integer.getInteger("itest.archetype.port.offset", 3400);
        node = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"), work.resolve("node"), offset);
        node.start(); // boots in the background while the projects are generated and built
        NodeProcess.deleteTree(projects);
        Files.createDirectories(projects);
        for (String flavour : List.of("static", "java")) {
            MavenRun.Result generated = generate("hello-" + flavour, "hello-" + flavour, flavour);
            assertEquals(0, generated.exitCode(), generated.output());
        }
        node.awaitReady(BOOT_TIMEOUT);
    }

    @AfterAll
    void stopNode() throws Exception {
        if (node != null) {
            node.stop();
        }
    }

    private MavenRun.Result generate(String artifactId, String name, String flavour) throws Exception {
        return maven.generateDapp(projects, version, artifactId, name, flavour);
    }

    private Path jar(String artifactId) {
        return projects.resolve(artifactId + "/target/" + artifactId + "-1.0.0-SNAPSHOT.jar");
    }

    @Test
    @Order(1)
    void generatedProjectsBuildOffline() throws Exception {
        assertFalse(Files.exists(projects.resolve("hello-static/src/main/java")), "the static flavour has no Java");
        assertTrue(Files.isRegularFile(projects.resolve("hello-java/src/test/java/org/example/internal/MessageBoardTest.java")));
        for (String artifactId : List.of("hello-static", "hello-java")) {
            long start = System.nanoTime();
            MavenRun.Result built = maven.run(projects.resolve(artifactId), MAVEN_TIMEOUT, "package");
            assertEquals(0, built.exitCode(), built.output());
            System.out.printf("mvn -o package of %s: %.1f s%n", artifactId, (System.nanoTime() - start) / 1e9);
            assertTrue(Files.isRegularFile(jar(artifactId)), jar(artifactId) + "\n" + built.output());
        }
        String manifest = MavenRun.manifest(jar("hello-java"));
        assertTrue(manifest.contains("Bundle-SymbolicName: org.example.hello-java"), manifest);
        assertTrue(manifest.contains("P2PStack-Dapp-Name: hello-java"), manifest);
        assertTrue(manifest.contains("P2PStack-Dapp-Permissions: profile:read"), manifest);
        // the API is imported by its package's own version range, never the dApp's 1.0.0-SNAPSHOT
        assertTrue(manifest.matches("(?s).*org\\.p2pstack\\.api\\.status;version=\"\\[1\\.\\d+,2\\)\".*"),
                manifest);
        assertFalse(manifest.contains("P2PStack-Import-Check"), manifest);
    }

    @Test
    @Order(2)
    void bothDappsAreListedAndServed() throws Exception {
        deployAtomically(jar("hello-static"), "hello-static.jar");
        deployAtomically(jar("hello-java"), "hello-java.jar");

        long deadline = System.nanoTime() + DEPLOY_TIMEOUT.toNanos();
        Set<String> names = Set.of();
        while (System.nanoTime() < deadline && !names.containsAll(Set.of("hello-static", "hello-java"))) {
            names = dappNames();
            Thread.sleep(50);
        }
        assertTrue(names.containsAll(Set.of("hello-static", "hello-java")), "listed: " + names + node.logTail());

        for (String name : List.of("hello-static", "hello-java")) {
            URI page = node.privateUri("/dapps/" + name + "/_app/");
            node.awaitStatus(page, s -> s == 200, DEPLOY_TIMEOUT);
            HttpResponse<String> answer = get(page);
            assertTrue(answer.body().contains(PAGE_TEXT), answer.body());
            assertEquals(200, get(node.privateUri("/dapps/" + name + "/app.js")).statusCode());
            assertEquals(200, get(node.privateUri("/dapps/" + name + "/icon.svg")).statusCode());
        }
        assertFalse(get(node.privateUri("/dapps/hello-static/_app/")).body().contains("id=\"messages\""),
                "the static page has no Java parts");
    }

    @Test
    @Order(3)
    void javaFlavourAnswersJson() throws Exception {
        URI messages = node.privateUri("/dapps/hello-java/api/messages");
        node.awaitStatus(messages, s -> s == 200, DEPLOY_TIMEOUT);
        HttpResponse<String> empty = get(messages);
        assertTrue(empty.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(0, json(empty).getAsJsonArray("messages").size());

        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(messages).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("X-P2PStack-Token", node.token())
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"Hello from DappArchetypeIT\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, posted.statusCode(), posted.body());
        assertEquals("Hello from DappArchetypeIT", json(get(messages)).getAsJsonArray("messages").get(0)
                .getAsJsonObject().get("text").getAsString());

        HttpResponse<String> status = get(node.privateUri("/dapps/hello-java/api/status"));
        assertEquals(200, status.statusCode());
        assertEquals(4, json(status).get("networks").getAsInt(), status.body());

        HttpResponse<String> unknown = get(node.privateUri("/dapps/hello-java/api/nothing"));
        assertEquals(404, unknown.statusCode());
        assertTrue(json(unknown).get("error").getAsString().contains("no GET /nothing"), unknown.body());
        HttpResponse<String> emptyMessage = http.send(HttpRequest.newBuilder(messages).timeout(Duration.ofSeconds(10))
                .header("X-P2PStack-Token", node.token()).POST(HttpRequest.BodyPublishers.ofString("{\"text\": \" \"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, emptyMessage.statusCode());
        assertTrue(json(emptyMessage).get("error").getAsString().contains("empty"), emptyMessage.body());
    }

    @Test
    @Order(4)
    void templatesOwnIntegrationTestPassesAgainstTheNode() throws Exception {
        MavenRun.Result verified = maven.run(projects.resolve("hello-java"), MAVEN_TIMEOUT, "verify",
                "-Dp2pstack.node=http://127.0.0.1:" + node.privatePort(), "-Dp2pstack.home=" + node.home());
        assertEquals(0, verified.exitCode(), verified.output());
        assertTrue(verified.output().contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0"), verified.output());
        node.signIn(); // that test used the node's sign-in link; this run's session stays valid, but sign in again anyway
    }

    @Test
    @Order(5)
    void importOutsideTheDocumentedListFailsTheBuild() throws Exception {
        Path project = projects.resolve("hello-jackson");
        NodeProcess.deleteTree(project);
        MavenRun.Result generated = generate("hello-jackson", "hello-jackson", "java");
        assertEquals(0, generated.exitCode(), generated.output());
        Path pom = project.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("<dependencies>", "<dependencies>\n    <dependency><groupId>"
                + "com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>"
                + System.getProperty("itest.jackson.version", "2.18.2") + "</version></dependency>"));
        Files.writeString(project.resolve("src/main/java/org/example/internal/Json.java"), """
                package org.example.internal;

                final class Json {
                    static String write(Object value) throws Exception {
                        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
                    }
                }
                """);
        MavenRun.Result built = maven.run(project, MAVEN_TIMEOUT, "package", "-DskipTests");
        assertNotEquals(0, built.exitCode(), built.output());
        assertTrue(built.output().contains("This dApp needs packages that a p2pstack node does not provide: "
                + "com.fasterxml.jackson.databind. A dApp may import only org.p2pstack.api.*, javax.servlet.*, org.osgi.*, "
                + "com.google.gson.* and org.slf4j."), built.output());
        assertFalse(Files.exists(project.resolve("target/hello-jackson-1.0.0-SNAPSHOT.jar")), "no jar to deploy");
    }

    @Test
    @Order(6)
    void archetypeRefusesANameTheNodeWouldRefuse() throws Exception {
        MavenRun.Result generated = generate("bad-name", "Guest_Book", "static");
        assertNotEquals(0, generated.exitCode(), generated.output());
        assertTrue(generated.output().contains("The dApp name 'Guest_Book' cannot be used"), generated.output());
        assertFalse(Files.exists(projects.resolve("bad-name")), "nothing is left behind");
    }

    /** Copies {@code jar} into the node's {@code deploy/} as a dot-file, then renames it: the node never sees half a jar. */
    private void deployAtomically(Path jar, String fileName) throws IOException {
        Path deploy = node.home().resolve("deploy");
        Path partial = deploy.resolve("." + fileName + ".part");
        Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, deploy.resolve(fileName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Set<String> dappNames() throws IOException, InterruptedException {
        HttpResponse<String> answer = get(node.privateUri("/api/dapps"));
        if (answer.statusCode() != 200) {
            return Set.of();
        }
        return StreamSupport.stream(json(answer).getAsJsonArray("dapps").spliterator(), false).map(d -> d.getAsJsonObject().get("name").getAsString())
                .collect(Collectors.toSet());
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }
}
