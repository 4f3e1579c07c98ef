package org.p2pstack.ipfs.internal.mdns;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A resource record of a DNS message (RFC 1035 4.1.3) with its data decoded for the types mDNS discovery reads:
 * PTR, TXT (RFC 1035 3.3.14), A, AAAA (RFC 3596), SRV (RFC 2782); other types keep their raw bytes. In mDNS the top
 * bit of the class is the cache-flush bit (RFC 6762 10.2); it is kept apart from the class here.
 *
 * @param name       the owner name, labels joined by dots, without the trailing dot
 * @param type       the record type
 * @param dnsClass   the class without the cache-flush bit ({@link #IN})
 * @param cacheFlush the cache-flush bit
 * @param ttl        seconds the record may be cached (an unsigned 32-bit value)
 * @param data       the record data
 */
public record DnsRecord(String name, int type, int dnsClass, boolean cacheFlush, long ttl, Data data) {

    public static final int A = 1;
    public static final int PTR = 12;
    public static final int TXT = 16;
    public static final int AAAA = 28;
    public static final int SRV = 33;
    public static final int ANY = 255;
    public static final int IN = 1;

    public DnsRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        if (ttl < 0 || ttl > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("TTL out of range: " + ttl);
        }
    }

    /** A record of class IN without the cache-flush bit; the type follows from the data. */
    public DnsRecord(String name, long ttl, Data data) {
        this(name, data.type(), IN, false, ttl, data);
    }

    /** The data of a record. */
    public sealed interface Data permits Ptr, Txt, A, Aaaa, Srv, Other {
        /** The record type this data belongs to. */
        int type();
    }

    /** PTR: the name pointed to. */
    public record Ptr(String target) implements Data {
        public Ptr {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public int type() {
            return PTR;
        }
    }

    /** TXT: one or more character-strings of at most 255 bytes each. */
    public record Txt(List<byte[]> strings) implements Data {
        public Txt {
            strings = List.copyOf(strings);
        }

        /** A TXT record of UTF-8 strings. */
        public static Txt of(String... strings) {
            return new Txt(java.util.Arrays.stream(strings).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
        }

        /** The strings decoded as UTF-8 (malformed bytes replaced). */
        public List<String> texts() {
            return strings.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        }

        @Override
        public int type() {
            return TXT;
        }
    }

    /** A: an IPv4 address. */
    public record A(InetAddress address) implements Data {
        public A {
            if (address.getAddress().length != 4) {
                throw new IllegalArgumentException("not an IPv4 address: " + address);
            }
        }

        @Override
        public int type() {
            return A;
        }
    }

    /** AAAA: an IPv6 address. */
    public record Aaaa(InetAddress address) implements Data {
        public Aaaa {
            if (address.getAddress().length != 16) {
                throw new IllegalArgumentException("not an IPv6 address: " + address);
            }
        }

        @Override
        public int type() {
            return AAAA;
        }
    }

    /** SRV: where a service instance listens. */
    public record Srv(int priority, int weight, int port, String target) implements Data {
        public Srv {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public int type() {
            return SRV;
        }
    }

    /** Any other type: the raw record data. */
    public record Other(int type, byte[] bytes) implements Data {
        public Other {
            bytes = bytes.clone();
        }
    }
}
