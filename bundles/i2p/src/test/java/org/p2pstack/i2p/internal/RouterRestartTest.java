package org.p2pstack.i2p.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import net.i2p.I2PAppContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A router stopped and started again in the same JVM (bundle restart, configuration change). */
class RouterRestartTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void restartInTheSameJvm() throws Exception {
        I2pSettings s = TestNodes.embedded(dir.resolve("n"), TestNodes.freePort(), false, 0);
        EmbeddedRouter r = new EmbeddedRouter(s);
        r.start();
        var routerContext = r.context();
        r.stop(20_000);
        assertNotSame(routerContext, I2PAppContext.getGlobalContext(), "a stopped router's context is not global");
        I2PAppContext.getGlobalContext().random().nextInt(10);
        new DestinationStore(dir.resolve("late.keys")).loadOrCreate();
        EmbeddedRouter again = new EmbeddedRouter(s);
        again.start();
        again.stop(20_000);
        assertEquals("stopped", again.describe());
    }
}
