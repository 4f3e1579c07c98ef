package org.p2pstack.swarm.internal.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.swarm.internal.js.JsEngine;
import org.p2pstack.swarm.internal.js.SwarmRuntime;
import org.p2pstack.swarm.internal.js.SwarmTestScripts;

/**
 * Hyperswarm and Hypercore against real Node.js peers (npm hyperswarm 4.17.2, corestore 6.18.4 with the
 * native udx and sodium) on a local testnet: both sides initiate, messages flow both ways, cores replicate.
 */
class SwarmInteropTest {

    @TempDir
    static Path dir;
    static NodeProcess testnet;
    static String bootstrap;
    static JsEngine engine;
    static SwarmRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        testnet = new NodeProcess("testnet.js", String.valueOf(DhtInteropTest.freeUdpPort()), "3");
        bootstrap = testnet.await("bootstrap", 30).get("bootstrap").toString();
        engine = new JsEngine();
        runtime = new SwarmRuntime(engine, dir, "js-swarm-interop");
        SwarmTestScripts.run(runtime, """
                Object.assign(globalThis, p2pstack)
                globalThis.newSwarm = () => new Hyperswarm({ dht: new HyperDHT({ bootstrap: %s, firewalled: false, host: '127.0.0.1' }) })
                return 'ok'
                """.formatted(bootstrap), 30);
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

    static String topic() {
        byte[] t = new byte[32];
        ThreadLocalRandom.current().nextBytes(t);
        return HexFormat.of().formatHex(t);
    }

    private NodeProcess nodePeer(String topic, boolean server, boolean client, JsonArray blocks) throws Exception {
        JsonObject cfg = new JsonObject();
        cfg.add("bootstrap", JsonParser.parseString(bootstrap));
        cfg.addProperty("mode", "swarm");
        cfg.addProperty("topic", topic);
        cfg.addProperty("server", server);
        cfg.addProperty("client", client);
        if (blocks != null) {
            cfg.add("blocks", blocks);
        }
        return new NodeProcess("node-peer.js", cfg.toString());
    }

    /** Joins the topic in GraalJS, waits for the first connection, sends a greeting, returns the first data. */
    private String jvmJoinAndTalk(String topic, boolean server, boolean client) throws Exception {
        return SwarmTestScripts.run(runtime, """
                const swarm = newSwarm()
                globalThis.current = swarm
                const got = new Promise((resolve, reject) => {
                  swarm.once('connection', (conn, info) => {
                    conn.on('error', () => {})
                    conn.once('data', (d) => resolve(b4a.toString(d) + ' client=' + info.client))
                    conn.write(b4a.from('hello from jvm'))
                  })
                  setTimeout(() => reject(new Error('no connection in 60 s')), 60000)
                })
                const d = swarm.join(b4a.from('%s', 'hex'), { server: %s, client: %s })
                await d.flushed()
                return await got
                """.formatted(topic, server, client), 90);
    }

    private void leave() throws Exception {
        SwarmTestScripts.run(runtime, "await current.destroy(); return 'ok'", 30);
    }

    @Test
    void jvmInitiatesToANodeServer() throws Exception {
        String topic = topic();
        try (NodeProcess node = nodePeer(topic, true, false, null)) {
            node.await("ready", 60);
            String got = jvmJoinAndTalk(topic, false, true);
            assertEquals("hello from node client=true", got);
            assertEquals("hello from jvm", node.await("data", 30).get("text").getAsString());
            leave();
        }
    }

    @Test
    void nodeInitiatesToAJvmServer() throws Exception {
        String topic = topic();
        String result;
        // the JVM announces first (a Node client looks a topic up once when it joins)
        SwarmTestScripts.run(runtime, """
                const swarm = newSwarm()
                globalThis.current = swarm
                globalThis.firstData = new Promise((resolve) => {
                  swarm.once('connection', (conn, info) => {
                    conn.on('error', () => {})
                    conn.once('data', (d) => resolve(b4a.toString(d) + ' client=' + info.client))
                    conn.write(b4a.from('hello from jvm'))
                  })
                })
                await swarm.join(b4a.from('%s', 'hex'), { server: true, client: false }).flushed()
                return 'announced'
                """.formatted(topic), 60);
        try (NodeProcess node = nodePeer(topic, false, true, null)) {
            node.await("ready", 60);
            assertEquals("hello from jvm", node.await("data", 60).get("text").getAsString());
            result = SwarmTestScripts.run(runtime, "return await firstData", 30);
            assertEquals("hello from node client=false", result);
            leave();
        }
    }

    @Test
    void hypercoresReplicateBothWays() throws Exception {
        String topic = topic();
        JsonArray nodeBlocks = new JsonArray();
        for (int i = 0; i < 20; i++) {
            nodeBlocks.add("node block " + i);
        }
        try (NodeProcess node = nodePeer(topic, true, true, nodeBlocks)) {
            String nodeCoreKey = node.await("ready", 60).get("coreKey").getAsString();
            String jvmCoreKey = SwarmTestScripts.run(runtime, """
                    const store = new Corestore('store-' + Date.now())
                    const core = store.get({ name: 'jvm-core' })
                    await core.ready()
                    for (let i = 0; i < 20; i++) await core.append(b4a.from('jvm block ' + i))
                    const swarm = newSwarm()
                    globalThis.current = swarm
                    globalThis.store = store
                    swarm.on('connection', (conn) => { conn.on('error', () => {}); store.replicate(conn) })
                    await swarm.join(b4a.from('%s', 'hex'), { server: true, client: true }).flushed()
                    return b4a.toString(core.key, 'hex')
                    """.formatted(topic), 60);
            String jvmRead = SwarmTestScripts.run(runtime, """
                    const peer = store.get({ key: b4a.from('%s', 'hex') })
                    await peer.ready()
                    while (peer.length < 20) await new Promise((resolve) => peer.once('append', resolve))
                    const out = []
                    for (let i = 0; i < 20; i++) out.push(b4a.toString(await peer.get(i)))
                    return out[0] + '|' + out[19] + '|' + peer.length
                    """.formatted(nodeCoreKey), 90);
            assertEquals("node block 0|node block 19|20", jvmRead);
            JsonObject read = new JsonObject();
            read.addProperty("cmd", "read");
            read.addProperty("key", jvmCoreKey);
            read.addProperty("length", 20);
            node.send(read);
            JsonArray blocks = node.await("blocks", 90).getAsJsonArray("blocks");
            assertEquals("jvm block 0", blocks.get(0).getAsString());
            assertEquals("jvm block 19", blocks.get(19).getAsString());
            leave();
        }
    }
}
