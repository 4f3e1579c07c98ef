package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Talks to this dApp on a running node, with the dApp's jar already in the node's {@code deploy/}:
 *
 * <pre>
 * mvn verify -Dp2pstack.node=http://127.0.0.1:8181 -Dp2pstack.home=/path/to/node
 * </pre>
 *
 * It signs in as the node's owner does, with the one-time link the node keeps in
 * {@code <home>/data/p2pstack/core/login-link} (a fresh one after each use), or with {@code -Dp2pstack.login=<link>}
 * as {@code p2p:open} prints it in the node's console. Without {@code -Dp2pstack.node} it is skipped.
 */
class ApiIT {

    private static final String NODE = System.getProperty("p2pstack.node", "");
    private static final HttpClient HTTP = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void signIn() throws Exception {
        skipUnless(!NODE.isBlank(), "Skipped: no node to test against. Deploy this dApp, then run "
                + "mvn verify -Dp2pstack.node=http://127.0.0.1:8181 -Dp2pstack.home=/path/to/node");
        String link = System.getProperty("p2pstack.login", "");
        if (link.isBlank()) {
            String home = System.getProperty("p2pstack.home", "");
            skipUnless(!home.isBlank(), "Skipped: give -Dp2pstack.home=<node folder> (or -Dp2pstack.login=<link from p2p:open>) to sign in");
            link = Files.readString(Path.of(home, "data/p2pstack/core/login-link")).strip();
        }
        HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(303, answer.statusCode(), "signing in with " + link);
    }

    /** Skips the whole class, saying why on the console too (Maven reports a skipped class only as "Tests run: 0"). */
    private static void skipUnless(boolean condition, String why) {
        if (!condition) {
            System.out.println("ApiIT: " + why);
        }
        assumeTrue(condition, why);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI api(String path) {
        return URI.create(NODE + "/dapps/${name}/api/" + path);
    }

    @Test
    void postedMessageIsListed() throws Exception {
        JsonObject session = JsonParser.parseString(send(HttpRequest.newBuilder(URI.create(NODE + "/api/session"))).body())
                .getAsJsonObject();
        HttpResponse<String> posted = send(HttpRequest.newBuilder(api("messages"))
                .header("Content-Type", "application/json")
                .header(session.get("header").getAsString(), session.get("token").getAsString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"Hello from ApiIT\"}")));
        assertEquals(201, posted.statusCode(), posted.body());

        HttpResponse<String> listed = send(HttpRequest.newBuilder(api("messages")));
        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(listed.body().contains("Hello from ApiIT"), listed.body());
    }

    @Test
    void errorsArePlainJson() throws Exception {
        HttpResponse<String> missing = send(HttpRequest.newBuilder(api("nothing-here")));
        assertEquals(404, missing.statusCode());
        assertTrue(JsonParser.parseString(missing.body()).getAsJsonObject().has("error"), missing.body());

        HttpResponse<String> noToken = send(HttpRequest.newBuilder(api("messages"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"no token\"}")));
        assertEquals(403, noToken.statusCode(), "the node refuses a change without the page's token");
    }
}
