package org.p2pstack.core.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicGateTest {

    @Test
    void theOwnersBrowserAndTheTunnelGetThrough() {
        assertNull(PublicGate.check(false, false, "127.0.0.1:8182", 8182, null, null));
        assertNull(PublicGate.check(false, false, "localhost:8182", 8182, "none", "navigate"));
        // the owner's home page links to the public page (127.0.0.1:8181 -> :8182 is same-site)
        assertNull(PublicGate.check(false, false, "127.0.0.1:8182", 8182, "same-site", "navigate"));
        assertNull(PublicGate.check(true, true, "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst.b32.i2p", 8182,
                "cross-site", "no-cors"));
    }

    /** W1: a DNS-rebinding page names the public site by its own host name. */
    @ParameterizedTest
    @ValueSource(strings = { "evil.example:8182", "evil.example", "127.0.0.1", "127.0.0.1:8181", "0x7f000001:8182", "" })
    void aForeignHostGets421(String host) {
        assertEquals(421, PublicGate.check(false, false, host, 8182, null, null).status());
    }

    @Test
    void aMissingHostGets421() {
        assertEquals(421, PublicGate.check(false, false, null, 8182, null, null).status());
    }

    /** W6: visitor identity headers from anything but the node's own tunnel are refused. */
    @Test
    void forgedVisitorHeadersAreRefused() {
        assertEquals(403, PublicGate.check(false, true, "127.0.0.1:8182", 8182, null, null).status());
    }

    /** W1: another site may link to the public page but not embed or read its pictures, feed or profile. */
    @ParameterizedTest
    @ValueSource(strings = { "no-cors", "cors", "same-origin" })
    void otherSitesCannotProbe(String mode) {
        assertEquals(403, PublicGate.check(false, false, "127.0.0.1:8182", 8182, "cross-site", mode).status());
        assertEquals(403, PublicGate.check(false, false, "127.0.0.1:8182", 8182, "same-site", mode).status());
    }
}
