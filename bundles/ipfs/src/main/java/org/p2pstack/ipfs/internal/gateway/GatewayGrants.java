package org.p2pstack.ipfs.internal.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The CIDs the owner opened from the node's own pages ({@code /ipfs/<cid>} on the private site, signed in): only
 * for these may the gateway ask the IPFS network. The content origin cannot see the owner's session (it is another
 * site), and any web page can embed {@code http://<cid>.ipfs.localhost:8183/}; without this list any page could make
 * the node search the network for a CID of its choosing, from the node's own peer id.
 */
@Component(service = GatewayGrants.class)
public final class GatewayGrants {

    /** How long an opened CID (and everything below it) may be fetched from the network. */
    static final Duration GRANT_TIME = Duration.ofHours(1);
    /** CIDs remembered at once; the oldest grant goes first. */
    static final int MAX_GRANTS = 1024;

    private final Clock clock;
    /** CIDv1 (base32) -> when the grant ends, oldest grant first. */
    private final Map<String, Long> grants = new LinkedHashMap<>();

    @Activate
    public GatewayGrants() {
        this(Clock.systemUTC());
    }

    GatewayGrants(Clock clock) {
        this.clock = clock;
    }

    /** Lets the gateway fetch {@code cidV1} and what is below it from the network for {@link #GRANT_TIME}. */
    public synchronized void grant(String cidV1) {
        grants.remove(cidV1);
        grants.put(cidV1, clock.millis() + GRANT_TIME.toMillis());
        while (grants.size() > MAX_GRANTS) {
            Iterator<String> oldest = grants.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    public synchronized boolean isGranted(String cidV1) {
        Long until = grants.get(cidV1);
        if (until == null) {
            return false;
        }
        if (until < clock.millis()) {
            grants.remove(cidV1);
            return false;
        }
        return true;
    }
}
