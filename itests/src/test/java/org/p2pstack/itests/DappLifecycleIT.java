package org.p2pstack.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.p2pstack.itests.fixtures.ExplodingServlet;
import org.p2pstack.itests.fixtures.FailingComponent;
import org.p2pstack.itests.fixtures.HelloServlet;
import org.p2pstack.itests.fixtures.IdleComponent;
import org.p2pstack.itests.harness.NodeProcess;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Every finding of the dApp developer's review (F3, F6, F7.1) as an attack or a mistake against a running node:
 * jars that are not bundles, bad names, registrations outside a dApp's lane, a servlet that throws, an update that
 * does not resolve or start, a service the dApp has no permission for. Each one is reported in plain words, and none
 * of them takes a working dApp (or the node's own pages) down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DappLifecycleIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
    /** A rolled-back update judges two starts, each allowed 10 s on a busy machine. */
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final String SERVLET = "javax.servlet.Servlet";
    private static final String SERVLET_IMPORTS = "javax.servlet;version=\"[3.1,5)\",javax.servlet.http;version=\"[3.1,5)\"";

    private final HttpClient http = NodeProcess.httpClient();
    private NodeProcess node;

    @BeforeAll
    void startNode() throws Exception {
        node = NodeProcess.copyOf(NodeProcess.pathProperty("itest.distribution"),
                NodeProcess.pathProperty("itest.work").resolve("node-dapps"), Integer.getInteger("itest.port.offset", 1000) + 1150);
        node.start();
        node.awaitReady(BOOT_TIMEOUT);
        node.signIn();
    }

    @AfterAll
    void stopNode() throws Exception {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    @Order(1)
    void aJarThatIsNotABundleIsReportedNotIgnored() throws Exception {
        // F3: a jar with only P2PStack-Dapp-Name, made with the jar tool, was silently ignored
        Map<String, String> onlyTheName = new LinkedHashMap<>();
        onlyTheName.put("P2PStack-Dapp-Name", "notes");
        drop("notes.jar", jar(onlyTheName, Map.of("web/index.html", "<!doctype html><title>Notes</title>")));
        JsonObject notes = awaitStatusOf("notes", s -> true);
        assertEquals("invalid", notes.get("state").getAsString());
        assertTrue(notes.get("reason").getAsString().contains("not an OSGi bundle"), notes.toString());
        assertTrue(notes.get("reason").getAsString().contains("Bundle-SymbolicName"), notes.toString());
        assertEquals("notes.jar", notes.get("source").getAsString());
        // a plain library jar is reported too, under its file name
        drop("library.jar", jar(Map.of(), Map.of("lib/readme.txt", "just a library")));
        assertEquals("invalid", awaitStatusOf("library.jar", s -> true).get("state").getAsString());
        String console = node.console("dapp:list");
        assertTrue(console.contains("Needs attention:") && console.contains("notes.jar") && console.contains("not an OSGi bundle"), console);
        delete("notes.jar");
        delete("library.jar");
        awaitGone("notes");
    }

    @Test
    @Order(2)
    void aBadNameServesNothingAtAll() throws Exception {
        // F6: Guest_Book was not listed, yet its servlets answered
        drop("guest-book.jar", dapp("Guest_Book", "1.0.0", "", component("hello", HelloServlet.class, false, SERVLET,
                "/dapps/Guest_Book/api/status")));
        JsonObject status = awaitStatusOf("Guest_Book", s -> true);
        assertEquals("invalid", status.get("state").getAsString());
        assertTrue(status.get("reason").getAsString().contains("lower-case"), status.toString());
        assertEquals(404, get("/dapps/Guest_Book/api/status").statusCode());
        delete("guest-book.jar");
    }

    @Test
    @Order(3)
    void registrationsOutsideTheLaneAreRefusedAndTheRestWorks() throws Exception {
        // F7.1: a servlet ranked 100 on /api/status took over the node's status; one on /public/rogue was on the I2P site
        String realStatus = get("/api/status").body();
        assertTrue(realStatus.contains("\"stacks\""), realStatus);
        drop("rogue.jar", dapp("rogue", "1.0.0", "",
                component("status", HelloServlet.class, false, SERVLET, "/api/status", "service.ranking:Integer", "100"),
                component("public", HelloServlet.class, false, SERVLET, "/public/rogue"),
                component("login", HelloServlet.class, false, SERVLET, "/login"),
                component("own", HelloServlet.class, false, SERVLET, "/dapps/rogue/api/hello")));
        node.awaitStatus(node.privateUri("/dapps/rogue/api/hello"), s -> s == 200, SETTLE);
        assertTrue(get("/dapps/rogue/api/hello").body().contains("/dapps/rogue/api/hello"), "its own lane works");
        HttpResponse<String> status = get("/api/status");
        assertEquals(200, status.statusCode());
        assertFalse(status.body().contains("rogue"), status.body());
        assertEquals(404, http.send(HttpRequest.newBuilder(node.publicUri("/rogue")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode(), "nothing of the dApp's on the public site");
        assertFalse(get("/login").body().contains("rogue"));
        JsonObject rogue = awaitStatusOf("rogue", s -> s.get("reason").getAsString().contains("/login"));
        assertEquals("active", rogue.get("state").getAsString());
        String reason = rogue.get("reason").getAsString();
        assertTrue(reason.contains("/api/status is outside its lane /dapps/rogue/") && reason.contains("/public/rogue"), reason);
        delete("rogue.jar");
        awaitGone("rogue");
        assertTrue(get("/api/status").body().contains("\"stacks\""));
    }

    @Test
    @Order(4)
    void aDappsFailuresAreJsonNotJettyPages() throws Exception {
        drop("buggy.jar", dapp("buggy", "1.0.0", "", component("api", ExplodingServlet.class, false, SERVLET, "/dapps/buggy/api/*")));
        node.awaitStatus(node.privateUri("/dapps/buggy/api/x"), s -> s == 500, SETTLE);
        HttpResponse<String> failure = get("/dapps/buggy/api/x");
        assertEquals(500, failure.statusCode());
        assertTrue(failure.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        String error = JsonParser.parseString(failure.body()).getAsJsonObject().get("error").getAsString();
        assertTrue(error.contains("The buggy app failed while answering"), error);
        assertFalse(failure.body().contains("IllegalStateException") || failure.body().contains("<html"), failure.body());
        HttpResponse<String> conflict = http.send(HttpRequest.newBuilder(node.privateUri("/dapps/buggy/api/x"))
                .header("X-P2PStack-Token", node.token()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(409, conflict.statusCode());
        assertTrue(JsonParser.parseString(conflict.body()).getAsJsonObject().has("error"), conflict.body());
        delete("buggy.jar");
        awaitGone("buggy");
    }

    @Test
    @Order(5)
    void aFailedUpdateKeepsThePreviousVersionRunning() throws Exception {
        String hello = component("hello", HelloServlet.class, false, SERVLET, "/dapps/keeper/api/hello");
        drop("keeper.jar", dapp("keeper", "1.0.0", "", hello));
        node.awaitStatus(node.privateUri("/dapps/keeper/api/hello"), s -> s == 200, SETTLE);

        // F6: 1.3.0 needed Jackson, which the node lacks; the working version was stopped and the page said "not installed"
        drop("keeper.jar", dapp("keeper", "1.1.0", ",com.fasterxml.jackson.databind;version=\"[2.17,3)\"", hello));
        JsonObject failed = awaitStatusOf("keeper", s -> s.get("state").getAsString().equals("failed"));
        assertEquals("1.1.0", failed.get("version").getAsString());
        assertEquals("1.0.0", failed.get("runningVersion").getAsString());
        assertTrue(failed.get("reason").getAsString().contains("package com.fasterxml.jackson.databind"), failed.toString());
        assertTrue(failed.get("reason").getAsString().contains("which this node does not provide"), failed.toString());
        assertEquals(200, get("/dapps/keeper/api/hello").statusCode(), "1.0.0 still answers");
        assertTrue(node.console("dapp:list").contains("Version 1.0.0 keeps running."));

        // an update whose component cannot start is rolled back the same way
        drop("keeper.jar", dapp("keeper", "1.2.0", "", hello, component("boom", FailingComponent.class, true, null, null)));
        JsonObject broken = awaitStatusOf("keeper", s -> s.get("version").getAsString().equals("1.2.0"));
        assertEquals("failed", broken.get("state").getAsString());
        assertTrue(broken.get("reason").getAsString().contains("the fixture cannot start"), broken.toString());
        assertEquals("1.0.0", broken.get("runningVersion").getAsString());
        assertEquals(200, get("/dapps/keeper/api/hello").statusCode());

        // a good update replaces it and clears the report
        drop("keeper.jar", dapp("keeper", "1.3.0", "", hello));
        JsonObject active = awaitStatusOf("keeper", s -> s.get("state").getAsString().equals("active"));
        assertEquals("1.3.0", active.get("version").getAsString());
        assertEquals("", active.get("reason").getAsString());
        assertTrue(Files.exists(node.home().resolve("data/p2pstack/dapps/keeper.jar")), "the last good jar is kept to roll back to");

        delete("keeper.jar");
        awaitGone("keeper");
        node.awaitStatus(node.privateUri("/dapps/keeper/api/hello"), s -> s == 404, SETTLE);
        assertFalse(Files.exists(node.home().resolve("data/p2pstack/dapps/keeper.jar")));
    }

    @Test
    @Order(6)
    void aServiceWithoutItsPermissionIsHiddenAndExplained() throws Exception {
        String wantsIpfs = "<reference name=\"ipfs\" interface=\"org.p2pstack.api.ipfs.IpfsService\"/>";
        drop("nosy.jar", dapp("nosy", "1.0.0", "", componentWith("idle", IdleComponent.class, wantsIpfs)));
        JsonObject nosy = awaitStatusOf("nosy", s -> true);
        assertEquals("failed", nosy.get("state").getAsString());
        assertTrue(nosy.get("reason").getAsString().contains("needs the 'ipfs' permission"), nosy.toString());
        delete("nosy.jar");
        awaitGone("nosy");

        Map<String, String> extra = Map.of("P2PStack-Dapp-Permissions", "ipfs");
        drop("allowed.jar", dapp("allowed", "1.0.0", "", extra, componentWith("idle", IdleComponent.class, wantsIpfs)));
        JsonObject allowed = awaitStatusOf("allowed", s -> true);
        assertEquals("active", allowed.get("state").getAsString(), allowed.toString());
        assertEquals("ipfs", allowed.getAsJsonArray("permissions").get(0).getAsJsonObject().get("name").getAsString());
        delete("allowed.jar");
        awaitGone("allowed");

        drop("typo.jar", dapp("typo", "1.0.0", "", Map.of("P2PStack-Dapp-Permissions", "ipfs, hypercores"),
                component("hello", HelloServlet.class, false, SERVLET, "/dapps/typo/api/hello")));
        JsonObject typo = awaitStatusOf("typo", s -> true);
        assertEquals("invalid", typo.get("state").getAsString());
        assertTrue(typo.get("reason").getAsString().contains("'hypercores' is unknown"), typo.toString());
        delete("typo.jar");
    }

    @Test
    @Order(7)
    void removingADappKeepsOrReleasesItsDataAsTheOwnerChooses() throws Exception {
        Map<String, String> ipfs = Map.of("P2PStack-Dapp-Permissions", "ipfs");
        drop("stash.jar", dapp("stash", "1.0.0", "", ipfs));
        awaitStatusOf("stash", s -> s.get("state").getAsString().equals("active"));
        String cid = pinThroughTheSdk("kept across a reinstall");

        // kept (the default): the same app, installed again, still has its pin
        JsonObject kept = postJson("/api/dapps/remove", "{\"name\":\"stash\"}", 200);
        assertTrue(kept.get("dataKept").getAsBoolean());
        assertFalse(Files.exists(node.home().resolve("deploy/stash.jar")), "removed at once, not at the next poll");
        assertEquals(404, get("/dapps/stash/").statusCode());
        drop("stash.jar", dapp("stash", "1.0.0", "", ipfs));
        awaitStatusOf("stash", s -> s.get("state").getAsString().equals("active"));
        assertTrue(get("/dapps/stash/_p2p/ipfs/pins").body().contains(cid));

        // released: its pins go
        JsonObject released = postJson("/api/dapps/remove", "{\"name\":\"stash\",\"keepData\":false}", 200);
        assertFalse(released.get("dataKept").getAsBoolean());
        assertEquals("1 pinned file unpinned", released.getAsJsonArray("released").get(0).getAsString(), released.toString());
        assertFalse(node.console("ipfs:pin").contains(cid));

        // what came with the node is not removed from the page
        JsonObject home = postJson("/api/dapps/remove", "{\"name\":\"home\"}", 409);
        assertTrue(home.get("error").getAsString().contains("came with p2pstack"), home.toString());
        assertEquals(200, get("/").statusCode());
    }

    private String pinThroughTheSdk(String text) throws Exception {
        HttpResponse<String> added = http.send(HttpRequest.newBuilder(node.privateUri("/dapps/stash/_p2p/ipfs"))
                .header("X-P2PStack-Token", node.token()).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, added.statusCode(), added.body());
        return JsonParser.parseString(added.body()).getAsJsonObject().get("cid").getAsString();
    }

    private JsonObject postJson(String path, String body, int expected) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.privateUri(path)).header("X-P2PStack-Token", node.token())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, answer.statusCode(), answer.body());
        return JsonParser.parseString(answer.body()).getAsJsonObject();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(node.privateUri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Copies atomically, as the README asks: File Install must never see half a jar. */
    private void drop(String fileName, byte[] jar) throws IOException {
        Path tmp = node.home().resolve("deploy/." + fileName + ".tmp");
        Files.write(tmp, jar);
        Files.move(tmp, node.home().resolve("deploy/" + fileName), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private void delete(String fileName) throws IOException {
        Files.deleteIfExists(node.home().resolve("deploy/" + fileName));
    }

    /** The dApp's status once the deploy has settled (not "installed", which is the moment between install and start). */
    private JsonObject awaitStatusOf(String name, Predicate<JsonObject> condition) throws Exception {
        return awaitAnyStatusOf(name, condition.and(s -> !s.get("state").getAsString().equals("installed")));
    }

    private JsonObject awaitAnyStatusOf(String name, Predicate<JsonObject> condition) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = get("/api/dapps").body();
            for (JsonElement element : JsonParser.parseString(last).getAsJsonObject().getAsJsonArray("all")) {
                JsonObject status = element.getAsJsonObject();
                if (status.get("name").getAsString().equals(name) && condition.test(status)) {
                    return status;
                }
            }
            Thread.sleep(20); // often: a status shown only for a moment is still seen
        }
        throw new AssertionError("no status of " + name + " as expected in " + last + node.logTail() + node.threads("fileinstall"));
    }

    private void awaitGone(String name) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            JsonArray all = JsonParser.parseString(get("/api/dapps").body()).getAsJsonObject().getAsJsonArray("all");
            boolean present = false;
            for (JsonElement element : all) {
                present |= element.getAsJsonObject().get("name").getAsString().equals(name);
            }
            if (!present) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " is still listed after its jar was removed");
    }

    private static String component(String id, Class<?> type, boolean immediate, String service, String pattern,
            String... properties) {
        StringBuilder xml = new StringBuilder();
        if (service != null) {
            xml.append("<service><provide interface=\"").append(service).append("\"/></service>");
        }
        if (pattern != null) {
            xml.append("<property name=\"osgi.http.whiteboard.servlet.pattern\" value=\"").append(pattern).append("\"/>");
            // Pax Web keeps one servlet per name: every fixture servlet gets its own
            xml.append("<property name=\"osgi.http.whiteboard.servlet.name\" value=\"fixture-").append(id).append('-')
                    .append(Integer.toHexString(pattern.hashCode())).append("\"/>");
        }
        for (int i = 0; i < properties.length; i += 2) {
            String[] nameAndType = properties[i].split(":");
            xml.append("<property name=\"").append(nameAndType[0]).append("\" type=\"").append(nameAndType[1])
                    .append("\" value=\"").append(properties[i + 1]).append("\"/>");
        }
        return descriptor(id, type, immediate, xml.toString());
    }

    private static String componentWith(String id, Class<?> type, String body) {
        return descriptor(id, type, true, body);
    }

    private static String descriptor(String id, Class<?> type, boolean immediate, String body) {
        return id + "\n<?xml version=\"1.0\" encoding=\"UTF-8\"?><scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" "
                + "name=\"fixture." + id + "\" immediate=\"" + immediate + "\"><implementation class=\"" + type.getName() + "\"/>"
                + body + "</scr:component>\n" + type.getName();
    }

    private static byte[] dapp(String name, String version, String moreImports, String... components) throws IOException {
        return dapp(name, version, moreImports, Map.of(), components);
    }

    /** A dApp bundle made of the fixture classes and hand-written component descriptors. */
    private static byte[] dapp(String name, String version, String moreImports, Map<String, String> extraHeaders,
            String... components) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Bundle-ManifestVersion", "2");
        headers.put("Bundle-SymbolicName", "org.example.fixture." + name.toLowerCase().replace('_', '-'));
        headers.put("Bundle-Version", version);
        headers.put("Import-Package", SERVLET_IMPORTS + moreImports);
        headers.put("P2PStack-Dapp-Name", name);
        headers.put("P2PStack-Dapp-Title", "Fixture " + name);
        headers.putAll(extraHeaders);
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("web/index.html", "<!doctype html><title>" + name + " " + version + "</title>");
        List<String> descriptors = new ArrayList<>();
        for (String component : components) {
            String[] parts = component.split("\n", 3);
            String path = "OSGI-INF/" + parts[0] + ".xml";
            descriptors.add(path);
            entries.put(path, parts[1]);
            String classFile = parts[2].replace('.', '/') + ".class";
            try (InputStream in = DappLifecycleIT.class.getClassLoader().getResourceAsStream(classFile)) {
                entries.put(classFile, in.readAllBytes());
            }
        }
        if (!descriptors.isEmpty()) {
            headers.put("Service-Component", String.join(",", descriptors));
        }
        return jar(headers, entries);
    }

    private static byte[] jar(Map<String, String> headers, Map<String, ?> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, ?> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                Object value = entry.getValue();
                out.write(value instanceof byte[] b ? b : value.toString().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
