package org.p2pstack.swarm.internal.udx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.swarm.internal.interop.NodeProcessAccess;
import org.p2pstack.swarm.internal.js.JsEngine;
import org.p2pstack.swarm.internal.js.SwarmRuntime;
import org.p2pstack.swarm.internal.js.SwarmTestScripts;

/**
 * Our UDX streams against libudx (npm udx-native) through a relay that drops and reorders datagrams:
 * the JVM writes, the Node end echoes, the JVM checks every byte came back, and both close cleanly.
 */
class UdxWireTest {

    @TempDir
    static Path dir;
    static JsEngine engine;
    static SwarmRuntime runtime;

    @BeforeAll
    static void start() {
        engine = new JsEngine();
        runtime = new SwarmRuntime(engine, dir, "js-udx-wire");
    }

    @AfterAll
    static void stop() {
        runtime.close();
        engine.close();
    }

    /**
     * Binds a socket and makes a stream (as JS globals {@code socket} and {@code stream}), puts the proxy between it
     * and the Node peer, and has the peer connect through the proxy; the JVM side connects afterwards.
     */
    private static void wire(LossyProxy proxy, NodeProcessAccess node, String socket, String stream) throws Exception {
        int nodePort = node.await("port", 30).get("port").getAsInt();
        int jvmPort = Integer.parseInt(SwarmTestScripts.run(runtime, """
                const udx = new p2pstack.UDX()
                globalThis.%1$s = udx.createSocket()
                %1$s.bind(0, '127.0.0.1')
                globalThis.%2$s = udx.createStream(2)
                return %1$s.address().port
                """.formatted(socket, stream), 30));
        proxy.connect(jvmPort, nodePort);
        JsonObject connect = new JsonObject();
        connect.addProperty("connect", proxy.port());
        node.send(connect);
    }

    private String echoThrough(double drop, double reorder, int bytes) throws Exception {
        try (LossyProxy proxy = new LossyProxy(drop, reorder);
                NodeProcessAccess node = new NodeProcessAccess("udx-peer.js", "echo", "1", "2")) {
            wire(proxy, node, "sock", "stream");
            String result = SwarmTestScripts.run(runtime, """
                    const total = %d
                    const data = new Uint8Array(total)
                    for (let i = 0; i < total; i++) data[i] = (i * 7 + (i >> 9)) & 0xff
                    const chunks = []
                    let received = 0
                    const started = Date.now()
                    const done = new Promise((resolve, reject) => {
                      stream.on('data', (d) => { chunks.push(d); received += d.byteLength; if (received >= total) stream.end() })
                      stream.on('error', reject)
                      stream.on('close', resolve)
                    })
                    stream.connect(sock, 1, %d, '127.0.0.1')
                    for (let off = 0; off < total; off += 16384) stream.write(data.subarray(off, Math.min(total, off + 16384)))
                    await done
                    const ms = Date.now() - started
                    const back = p2pstack.b4a.concat(chunks)
                    let same = back.byteLength === total
                    for (let i = 0; same && i < total; i++) if (back[i] !== data[i]) same = false
                    await sock.close()
                    return same + ' ' + ms
                    """.formatted(bytes, proxy.port()), 120);
            JsonObject report = node.await("received", 30);
            assertEquals(bytes, report.get("received").getAsInt());
            node.await("closed", 30);
            return result + " dropped=" + proxy.dropped.get() + " reordered=" + proxy.reordered.get();
        }
    }

    @Test
    void echoesExactlyOverACleanPath() throws Exception {
        String r = echoThrough(0, 0, 1 << 20);
        System.out.println("UDX echo 1 MiB clean: " + r);
        assertTrue(r.startsWith("true"), r);
    }

    @Test
    void echoesExactlyWithLossAndReordering() throws Exception {
        String r = echoThrough(0.03, 0.05, 256 * 1024);
        System.out.println("UDX echo 256 KiB with 3% loss, 5% reordering: " + r);
        assertTrue(r.startsWith("true"), r);
    }

    @Test
    void aStreamToAPeerThatVanishedClosesWithinAboutAMinute() throws Exception {
        try (LossyProxy proxy = new LossyProxy(0, 0);
                NodeProcessAccess node = new NodeProcessAccess("udx-peer.js", "echo", "1", "2")) {
            wire(proxy, node, "lostSock", "lost");
            // a first write comes back: the path works
            SwarmTestScripts.run(runtime, """
                    lost.connect(lostSock, 1, %d, '127.0.0.1')
                    await new Promise((resolve) => { lost.once('data', resolve); lost.write(new Uint8Array(100)) })
                    return 'echoed'
                    """.formatted(proxy.port()), 30);
            proxy.dark = true;
            // then the peer vanishes with many packets in flight: the stream gives up, it does not wait forever
            String result = SwarmTestScripts.run(runtime, """
                    const started = Date.now()
                    const closed = new Promise((resolve) => {
                      lost.on('error', (e) => resolve('error ' + (e.code || e.message)))
                      lost.on('close', () => resolve('closed'))
                    })
                    for (let i = 0; i < 16; i++) lost.write(new Uint8Array(16384))
                    const how = await closed
                    await lostSock.close()
                    return how + ' after ' + (Date.now() - started) + ' ms'
                    """, 150);
            System.out.println("UDX stream to a vanished peer: " + result);
            assertTrue(result.startsWith("error ETIMEDOUT") || result.startsWith("closed"), result);
            long ms = Long.parseLong(result.replaceAll(".* after (\\d+) ms", "$1"));
            assertTrue(ms < 120_000, "gave up within two minutes: " + result);
        }
    }
}
