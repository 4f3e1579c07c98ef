package org.p2pstack.swarm.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.node.TestNodeEnvironment;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.api.swarm.SwarmMessage;
import org.p2pstack.swarm.internal.interop.NodeProcessAccess;

/** Two swarm components (as DS would build them) on a local testnet: status, messages, cores. */
class SwarmComponentTest {

    @TempDir
    Path dir;

    static SwarmConfig config(String bootstrap, int dhtPort) {
        return new SwarmConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SwarmConfig.class;
            }

            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public String bootstrap() {
                return bootstrap;
            }

            @Override
            public int port() {
                return dhtPort;
            }

            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public boolean firewalled() {
                return false;
            }

            @Override
            public boolean localBootstrap() {
                return false;
            }

            @Override
            public boolean announceCores() {
                return true;
            }
        };
    }

    static SwarmConfig firewalled(SwarmConfig config) {
        return (SwarmConfig) java.lang.reflect.Proxy.newProxyInstance(SwarmConfig.class.getClassLoader(),
                new Class<?>[] { SwarmConfig.class },
                (proxy, method, args) -> method.getName().equals("firewalled") ? Boolean.TRUE : method.invoke(config, args));
    }

    static void awaitRunning(SwarmComponent node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (node.status().state() != StackState.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(StackState.RUNNING, node.status().state(), node.status().message());
    }

    static int freePort() throws java.io.IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void twoNodesExchangeMessagesAndReadEachOthersCores() throws Exception {
        int port;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        try (NodeProcessAccess testnet = new NodeProcessAccess("testnet.js", String.valueOf(port), "3")) {
            testnet.await("bootstrap", 30);
            String bootstrap = "127.0.0.1:" + port;
            SwarmComponent a = new SwarmComponent(new TestNodeEnvironment(dir.resolve("a")), config(bootstrap, freePort()));
            SwarmComponent b = new SwarmComponent(new TestNodeEnvironment(dir.resolve("b")), config(bootstrap, freePort()));
            try {
                awaitRunning(a);
                awaitRunning(b);
                assertEquals(64, a.publicKey().length());
                assertEquals(a.publicKey(), a.identity().get("swarmKey"));

                CompletableFuture<SwarmMessage> received = new CompletableFuture<>();
                b.onMessage(received::complete);
                CompletableFuture<org.p2pstack.api.swarm.SwarmPeer> connected = new CompletableFuture<>();
                b.onConnection(connected::complete);
                byte[] topic = new byte[32];
                ThreadLocalRandom.current().nextBytes(topic);
                a.join(topic, true, true).toCompletableFuture().get(60, TimeUnit.SECONDS);
                b.join(topic, true, true).toCompletableFuture().get(60, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (a.peers().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(b.publicKey(), a.peers().get(0).publicKey());
                assertEquals(a.publicKey(), connected.get(30, TimeUnit.SECONDS).publicKey(), "B hears of the new connection");
                // each side knows the peer is on the topic once its own lookup found it there; joining again looks now
                String topicHex = java.util.HexFormat.of().formatHex(topic);
                a.join(topic, true, true).toCompletableFuture().get(60, TimeUnit.SECONDS);
                b.join(topic, true, true).toCompletableFuture().get(60, TimeUnit.SECONDS);
                assertTrue(a.peers().get(0).isOn(topicHex), "A sees B on the topic: " + a.peers());
                assertTrue(b.peers().get(0).isOn(topicHex), "B sees A on the topic: " + b.peers());
                byte[] other = new byte[32];
                ThreadLocalRandom.current().nextBytes(other);
                assertFalse(a.peers().get(0).isOn(java.util.HexFormat.of().formatHex(other)));
                byte[] hello = "hello over protomux".getBytes(StandardCharsets.UTF_8);
                a.send(b.publicKey(), hello).toCompletableFuture().get(30, TimeUnit.SECONDS);
                SwarmMessage m = received.get(30, TimeUnit.SECONDS);
                assertEquals(a.publicKey(), m.peerKey());
                assertArrayEquals(hello, m.data());

                HypercoreInfo core = a.open("notes").toCompletableFuture().get(30, TimeUnit.SECONDS);
                assertTrue(core.writable());
                a.append(core.key(), "one".getBytes(StandardCharsets.UTF_8)).toCompletableFuture().get(30, TimeUnit.SECONDS);
                assertEquals(2L, a.append(core.key(), "two".getBytes(StandardCharsets.UTF_8)).toCompletableFuture().get(30, TimeUnit.SECONDS));
                HypercoreInfo remote = b.openRemote(core.key()).toCompletableFuture().get(60, TimeUnit.SECONDS);
                assertEquals(2, remote.length());
                assertEquals("two", new String(b.get(core.key(), 1).toCompletableFuture().get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8));
                // a block A appends reaches B as an append event (Hypercore upgrades the replica eagerly)
                java.util.concurrent.LinkedBlockingQueue<HypercoreInfo> grown = new java.util.concurrent.LinkedBlockingQueue<>();
                b.onAppend(grown::add);
                a.append(core.key(), "three".getBytes(StandardCharsets.UTF_8)).toCompletableFuture().get(30, TimeUnit.SECONDS);
                HypercoreInfo event = grown.poll(30, TimeUnit.SECONDS);
                while (event != null && !event.key().equals(core.key())) {
                    event = grown.poll(30, TimeUnit.SECONDS);
                }
                assertTrue(event != null && event.length() == 3, "B hears that A's core grew: " + event);
                assertEquals(1, a.status().details().get("peers"));
            } finally {
                a.stop();
                b.stop();
            }
        }
    }

    /**
     * Two nodes on one network and no DHT at all (no bootstrap: no internet), as people nearby are: one that knows the
     * other's key and DHT address, from the local discovery, meets it directly, and they talk. Both assume they are
     * behind a NAT, as a user's node does.
     */
    @Test
    void twoNodesWithoutADhtMeetDirectly() throws Exception {
        SwarmComponent a = new SwarmComponent(new TestNodeEnvironment(dir.resolve("a"), 0, true), firewalled(config("", freePort())));
        SwarmComponent b = new SwarmComponent(new TestNodeEnvironment(dir.resolve("b"), 0, true), firewalled(config("", freePort())));
        try {
            awaitRunning(a);
            awaitRunning(b);
            byte[] topic = new byte[32];
            ThreadLocalRandom.current().nextBytes(topic);
            b.join(topic, true, true).toCompletableFuture().get(60, TimeUnit.SECONDS);
            CompletableFuture<SwarmMessage> received = new CompletableFuture<>();
            b.onMessage(received::complete);

            a.join(topic, true, true).toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertTrue(a.peers().isEmpty(), "without a DHT the topic alone finds nobody");

            a.meet(b.publicKey(), "127.0.0.1", b.dhtPort()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (a.peers().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(b.publicKey(), a.peers().get(0).publicKey(), "A met B without a DHT");
            // no lookup found either on the topic; each asked the other which of its own topics they share
            String topicHex = java.util.HexFormat.of().formatHex(topic);
            while (!(a.peers().get(0).isOn(topicHex) && !b.peers().isEmpty() && b.peers().get(0).isOn(topicHex))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(a.peers().get(0).isOn(topicHex), "A knows B is on the topic: " + a.peers());
            assertTrue(b.peers().get(0).isOn(topicHex), "B knows A is on the topic: " + b.peers());
            // a topic joined later is asked about at once
            byte[] later = new byte[32];
            ThreadLocalRandom.current().nextBytes(later);
            String laterHex = java.util.HexFormat.of().formatHex(later);
            b.join(later, true, true).toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertFalse(a.peers().get(0).isOn(laterHex));
            a.join(later, true, true).toCompletableFuture().get(60, TimeUnit.SECONDS);
            while (!a.peers().get(0).isOn(laterHex) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(a.peers().get(0).isOn(laterHex), "A asked B when it joined: " + a.peers());
            byte[] hello = "hello from next door".getBytes(StandardCharsets.UTF_8);
            a.send(b.publicKey(), hello).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertArrayEquals(hello, received.get(30, TimeUnit.SECONDS).data());
            assertEquals(0, a.status().details().get("dhtNodes"), "no DHT was involved");
        } finally {
            a.stop();
            b.stop();
        }
    }

    @Test
    void aPeerIsMetOnlyOnTheLocalNetwork() {
        for (String neighbour : List.of("192.168.1.20", "10.0.0.7", "172.20.1.1", "169.254.3.4", "fe80::1", "fd12::5")) {
            assertTrue(SwarmComponent.meetable(neighbour, false), neighbour);
        }
        for (String elsewhere : List.of("8.8.8.8", "127.0.0.1", "198.18.0.3", "2001:db8::1", "router.local", "")) {
            assertFalse(SwarmComponent.meetable(elsewhere, false), elsewhere);
        }
        // a node kept on this computer: only loopback and the test networks
        assertTrue(SwarmComponent.meetable("127.0.0.1", true));
        assertTrue(SwarmComponent.meetable("198.18.0.3", true));
        assertFalse(SwarmComponent.meetable("192.168.1.20", true));
    }

    @Test
    void aMeetingNeedsAKeyAnIpAddressAndAPort() {
        String key = "ab".repeat(32);
        SwarmBridge.checkMeeting(key, "198.18.0.3", 49737);
        SwarmBridge.checkMeeting(key, "fe80::1", 1);
        for (Runnable bad : java.util.List.<Runnable>of(
                () -> SwarmBridge.checkMeeting("AB".repeat(32), "198.18.0.3", 49737),
                () -> SwarmBridge.checkMeeting("ab", "198.18.0.3", 49737),
                () -> SwarmBridge.checkMeeting(key, "evil.example", 49737),
                () -> SwarmBridge.checkMeeting(key, "198.18.0.3", 0),
                () -> SwarmBridge.checkMeeting(key, "198.18.0.3", 65536),
                () -> SwarmBridge.checkMeeting(key, null, 49737))) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, bad::run);
        }
    }
}
