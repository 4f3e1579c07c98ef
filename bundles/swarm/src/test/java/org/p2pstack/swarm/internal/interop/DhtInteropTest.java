package org.p2pstack.swarm.internal.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramSocket;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.swarm.internal.js.JsEngine;
import org.p2pstack.swarm.internal.js.SwarmRuntime;
import org.p2pstack.swarm.internal.js.SwarmTestScripts;

/** Our GraalJS node against real Node.js hyperdht peers on a local testnet. */
class DhtInteropTest {

    @TempDir
    static Path dir;
    static NodeProcess testnet;
    static String bootstrap;
    static JsEngine engine;
    static SwarmRuntime runtime;

    static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        testnet = new NodeProcess("testnet.js", String.valueOf(freeUdpPort()), "3");
        bootstrap = testnet.await("bootstrap", 30).get("bootstrap").toString();
        engine = new JsEngine();
        runtime = new SwarmRuntime(engine, dir, "js-interop");
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (testnet != null) {
            testnet.close();
        }
    }

    @Test
    void jvmConnectsToANodeServerAndTheyExchangeMessages() throws Exception {
        JsonObject cfg = new JsonObject();
        cfg.add("bootstrap", com.google.gson.JsonParser.parseString(bootstrap));
        cfg.addProperty("mode", "dht-server");
        try (NodeProcess peer = new NodeProcess("node-peer.js", cfg.toString())) {
            String pk = peer.await("ready", 30).get("publicKey").getAsString();
            String r = SwarmTestScripts.run(runtime, """
                    const { HyperDHT, b4a } = p2pstack
                    const dht = new HyperDHT({ bootstrap: %s, firewalled: false, host: '127.0.0.1' })
                    await dht.fullyBootstrapped()
                    const conn = dht.connect(b4a.from('%s', 'hex'))
                    const first = new Promise((resolve, reject) => { conn.once('data', resolve); conn.once('error', reject) })
                    await new Promise((resolve, reject) => { conn.once('open', resolve); conn.once('error', reject) })
                    conn.write(b4a.from('hello from jvm'))
                    const got = b4a.toString(await first)
                    globalThis.dhtConn = conn
                    globalThis.dht = dht
                    return got
                    """.formatted(bootstrap, pk), 90);
            assertEquals("hello from node", r);
            assertEquals("hello from jvm", peer.await("data", 30).get("text").getAsString());
            SwarmTestScripts.run(runtime, "dhtConn.destroy(); await dht.destroy(); return 'ok'", 30);
        }
    }
}
