package org.p2pstack.ipfs.internal.mdns;

import java.util.Objects;

/**
 * A question of a DNS message (RFC 1035 4.1.2). In mDNS the top bit of the class asks for a unicast answer
 * (RFC 6762 5.4, "QU"); it is kept apart from the class here.
 *
 * @param name            the name asked about, labels joined by dots, without the trailing dot
 * @param type            {@link DnsRecord#PTR}, {@link DnsRecord#ANY}, ...
 * @param dnsClass        the class without the QU bit ({@link DnsRecord#IN})
 * @param unicastResponse the QU bit
 */
public record DnsQuestion(String name, int type, int dnsClass, boolean unicastResponse) {

    public DnsQuestion {
        Objects.requireNonNull(name, "name");
    }

    /** A multicast question of class IN. */
    public DnsQuestion(String name, int type) {
        this(name, type, DnsRecord.IN, false);
    }
}
