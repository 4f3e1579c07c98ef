package org.p2pstack.api.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LocalNetworkAddressTest {

    @Test
    void loopbackAndTheBenchmarkingRangeAreLocalEverythingElseIsNot() {
        for (String local : new String[] { "127.0.0.1", "127.255.0.9", "localhost", "LOCALHOST", "::1", "[::1]",
                "198.18.0.1", "198.19.255.254", " 198.18.0.10 " }) {
            assertTrue(NodeEnvironment.isLocalNetworkAddress(local), local);
        }
        for (String other : new String[] { "198.17.255.255", "198.20.0.1", "10.0.0.1", "192.168.1.1", "172.16.0.1",
                "8.8.8.8", "0.0.0.0", "", "198.18.0", "198.18.0.1.2", "198.18.0.256", "198.18.0.-1", "1980.18.0.1",
                "example.org", "198.18.0.1.nip.io", "::", "fe80::1" }) {
            assertFalse(NodeEnvironment.isLocalNetworkAddress(other), other);
        }
        assertFalse(NodeEnvironment.isLocalNetworkAddress(null));
    }
}
