package org.p2pstack.i2p.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import net.i2p.data.Hash;
import net.i2p.data.router.RouterInfo;
import net.i2p.router.RouterContext;

/**
 * A private I2P network of embedded routers in this JVM, on loopback, for tests and benchmarks, seeded
 * from each other through their netDb directories and started one after the other (started together, or
 * seeded with router infos that have no addresses yet, routers ban each other for "No transports").
 */
public final class LoopbackTestnet implements AutoCloseable {

    /** Router settings a network of a handful of routers needs. */
    public static Properties routerProperties() {
        Properties p = new Properties();
        p.setProperty("router.floodfillParticipant", "true");
        p.setProperty("router.reseedDisable", "true");
        // exploratory tunnels of one hop: with two other routers, longer ones cannot be built
        p.setProperty("router.inboundPool.length", "1");
        p.setProperty("router.outboundPool.length", "1");
        p.setProperty("router.inboundPool.lengthVariance", "0");
        p.setProperty("router.outboundPool.lengthVariance", "0");
        return p;
    }

    private final List<I2pNode> nodes = new ArrayList<>();

    /** Pause between two router starts of the second round. */
    static final long START_GAP_MILLIS = 3000;

    /**
     * Starts a node per settings (each embedded, on 127.0.0.1, reseed off) and seeds them from each other.
     * First round: each router alone until it publishes its addresses; its router info then goes into the
     * other routers' {@code netDb} directories. Second round: the routers start again, one after the other,
     * and find each other in their network databases (their identities and ports are unchanged).
     */
    public static LoopbackTestnet start(List<I2pSettings> settings, Duration perRouter) throws Exception {
        List<RouterInfo> infos = new ArrayList<>();
        for (I2pSettings s : settings) {
            EmbeddedRouter r = new EmbeddedRouter(s, routerProperties());
            try {
                r.start();
                infos.add(awaitAddresses(r, perRouter));
            } finally {
                r.stop(20_000);
            }
        }
        for (int i = 0; i < settings.size(); i++) {
            for (int j = 0; j < settings.size(); j++) {
                if (i != j) {
                    write(infos.get(i), settings.get(j).routerDir().resolve("netDb"));
                }
            }
        }
        LoopbackTestnet net = new LoopbackTestnet();
        try {
            for (I2pSettings s : settings) {
                I2pNode n = new I2pNode(s, routerProperties());
                n.start();
                net.nodes.add(n);
                Thread.sleep(START_GAP_MILLIS);
            }
            return net;
        } catch (Exception | Error e) {
            net.close();
            throw e;
        }
    }

    /** Stores a router info the way the router's persistent data store names it. */
    static void write(RouterInfo ri, java.nio.file.Path netDb) throws java.io.IOException {
        String b64 = ri.getIdentity().calculateHash().toBase64();
        java.nio.file.Path sub = netDb.resolve("r" + b64.charAt(0));
        java.nio.file.Files.createDirectories(sub);
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(sub.resolve("routerInfo-" + b64 + ".dat"))) {
            ri.writeBytes(out);
        } catch (net.i2p.data.DataFormatException e) {
            throw new java.io.IOException(e);
        }
    }

    private static void store(RouterContext into, RouterInfo ri) {
        Hash h = ri.getIdentity().calculateHash();
        into.netDb().store(h, ri);
        into.banlist().unbanlistRouter(h);
    }

    private static RouterInfo awaitAddresses(EmbeddedRouter r, Duration max) throws InterruptedException {
        long end = System.currentTimeMillis() + max.toMillis();
        while (System.currentTimeMillis() < end) {
            RouterContext c = r.context();
            RouterInfo ri = c == null || c.router() == null ? null : c.router().getRouterInfo();
            if (ri != null && !ri.getAddresses().isEmpty()) {
                return ri;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("router did not publish its addresses in " + max.toSeconds() + " s");
    }

    public List<I2pNode> nodes() {
        return nodes;
    }

    @Override
    public void close() {
        for (I2pNode n : nodes) {
            n.stop(20_000);
        }
    }
}
