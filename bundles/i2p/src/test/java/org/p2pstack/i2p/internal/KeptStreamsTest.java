package org.p2pstack.i2p.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import net.i2p.client.streaming.I2PSocket;
import net.i2p.data.Hash;

import org.junit.jupiter.api.Test;

/** The HTTP client's kept streams: bounded per site and in all, never kept past their time, dead ones skipped. */
class KeptStreamsTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final KeptStreams kept = new KeptStreams(now::get);
    private final List<AtomicBoolean> closed = new ArrayList<>();

    /** A stream that only knows whether it was closed (closing is all the pool does to one). */
    private I2PSocket socket() {
        AtomicBoolean isClosed = new AtomicBoolean();
        closed.add(isClosed);
        return (I2PSocket) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {I2PSocket.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isClosed" -> isClosed.get();
                    case "close" -> {
                        isClosed.set(true);
                        yield null;
                    }
                    case "getOutputStream" -> OutputStream.nullOutputStream();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private static Hash site(int n) {
        byte[] h = new byte[Hash.HASH_LENGTH];
        h[0] = (byte) n;
        return new Hash(h);
    }

    @Test
    void theMostRecentlyKeptStreamOfTheSiteIsTaken() {
        I2PSocket first = socket();
        I2PSocket second = socket();
        kept.keep(site(1), first, InputStream.nullInputStream());
        kept.keep(site(1), second, InputStream.nullInputStream());
        assertNull(kept.take(site(2)), "another site has none");
        assertSame(second, kept.take(site(1)).socket());
        assertSame(first, kept.take(site(1)).socket());
        assertNull(kept.take(site(1)));
        assertEquals(0, kept.size());
    }

    @Test
    void boundedPerSiteAndInAll() {
        for (int i = 0; i < KeptStreams.MAX_PER_DESTINATION + 3; i++) {
            kept.keep(site(1), socket(), InputStream.nullInputStream());
        }
        assertEquals(KeptStreams.MAX_PER_DESTINATION, kept.size());
        assertEquals(3, closed.stream().filter(AtomicBoolean::get).count(), "the streams beyond the bound are closed");
        for (int s = 2; s < 2 + KeptStreams.MAX_TOTAL; s++) {
            kept.keep(site(s), socket(), InputStream.nullInputStream());
        }
        assertEquals(KeptStreams.MAX_TOTAL, kept.size());
        assertNull(kept.take(site(1)), "the eldest streams made room");
        assertTrue(kept.take(site(1 + KeptStreams.MAX_TOTAL)) != null, "the newest is kept");
    }

    @Test
    void aStreamIsNotKeptPastItsTimeNorWhenClosed() {
        I2PSocket old = socket();
        kept.keep(site(1), old, InputStream.nullInputStream());
        now.addAndGet(KeptStreams.KEEP_MILLIS);
        assertNull(kept.take(site(1)));
        assertTrue(closed.get(0).get(), "an expired stream is closed");

        I2PSocket dead = socket();
        kept.keep(site(1), dead, InputStream.nullInputStream());
        closed.get(1).set(true); // the site ended it
        assertNull(kept.take(site(1)));
        assertTrue(KeptStreams.KEEP_MILLIS < VisitorBudgets.KEEP_ALIVE_MILLIS, "we let go before the site does");
    }

    @Test
    void closingTheNodeClosesEveryKeptStream() {
        kept.keep(site(1), socket(), InputStream.nullInputStream());
        kept.keep(site(2), socket(), InputStream.nullInputStream());
        kept.close();
        assertEquals(0, kept.size());
        assertTrue(closed.stream().allMatch(AtomicBoolean::get));
    }
}
