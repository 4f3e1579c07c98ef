package org.p2pstack.ipfs.internal.multiformats;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A multiaddr (multiformats/multiaddr): a sequence of {@code (protocol, value)} components, in the
 * binary form {@code varint(code) [varint(len)] value ...} and the text form {@code /ip4/1.2.3.4/tcp/4001}.
 * Immutable. Unknown protocols are rejected.
 */
public final class Multiaddr {

    /** Longest binary multiaddr accepted. */
    public static final int MAX_BYTES = 1024;
    /** Most components accepted. */
    public static final int MAX_COMPONENTS = 32;

    /** Protocols from the multiaddr table; {@code size} in bits, -1 for length-prefixed values. */
    public enum Protocol {
        IP4(4, 32, "ip4"), TCP(6, 16, "tcp"), DNS(53, -1, "dns"), DNS4(54, -1, "dns4"), DNS6(55, -1, "dns6"),
        DNSADDR(56, -1, "dnsaddr"), IP6(41, 128, "ip6"), UDP(273, 16, "udp"), P2P_CIRCUIT(290, 0, "p2p-circuit"),
        P2P(421, -1, "p2p"), TLS(448, 0, "tls"), NOISE(454, 0, "noise"), QUIC(460, 0, "quic"),
        QUIC_V1(461, 0, "quic-v1"), WEBTRANSPORT(465, 0, "webtransport"), CERTHASH(466, -1, "certhash"),
        WS(477, 0, "ws"), WSS(478, 0, "wss"), WEBRTC_DIRECT(280, 0, "webrtc-direct"), WEBRTC(281, 0, "webrtc"),
        SNI(449, -1, "sni"), HTTP(480, 0, "http"), IP6ZONE(42, -1, "ip6zone");

        final int code;
        final int size;
        final String label;

        Protocol(int code, int size, String label) {
            this.code = code;
            this.size = size;
            this.label = label;
        }

        static Protocol byCode(long code) {
            for (Protocol p : values()) {
                if (p.code == code) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown multiaddr protocol code " + code);
        }

        static Protocol byName(String name) {
            if ("ipfs".equals(name)) {
                return P2P;
            }
            for (Protocol p : values()) {
                if (p.label.equals(name)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown multiaddr protocol '" + name + "'");
        }

        public String label() {
            return label;
        }
    }

    /** One component; {@code value} is the binary value (empty for protocols without one). */
    public record Component(Protocol protocol, byte[] value) {
    }

    private final List<Component> components;
    private final byte[] bytes;

    private Multiaddr(List<Component> components) {
        if (components.size() > MAX_COMPONENTS) {
            throw new IllegalArgumentException("multiaddr with more than " + MAX_COMPONENTS + " components");
        }
        this.components = List.copyOf(components);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Component c : components) {
            Varint.write(c.protocol.code, out);
            if (c.protocol.size < 0) {
                Varint.write(c.value.length, out);
            }
            out.write(c.value, 0, c.value.length);
        }
        this.bytes = out.toByteArray();
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("multiaddr longer than " + MAX_BYTES + " bytes");
        }
    }

    public static Multiaddr decode(byte[] raw) {
        if (raw.length > MAX_BYTES) {
            throw new IllegalArgumentException("multiaddr longer than " + MAX_BYTES + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(raw);
        List<Component> list = new ArrayList<>();
        while (in.hasRemaining()) {
            if (list.size() >= MAX_COMPONENTS) {
                throw new IllegalArgumentException("multiaddr with more than " + MAX_COMPONENTS + " components");
            }
            Protocol p = Protocol.byCode(Varint.read(in));
            int len = p.size >= 0 ? p.size / 8 : (int) Math.min(Varint.read(in), Integer.MAX_VALUE);
            if (len > in.remaining()) {
                throw new IllegalArgumentException("truncated multiaddr value for " + p.label);
            }
            byte[] v = new byte[len];
            in.get(v);
            validate(p, v);
            list.add(new Component(p, v));
        }
        return new Multiaddr(list);
    }

    public static Multiaddr parse(String s) {
        if (s.length() > 4 * MAX_BYTES || !s.startsWith("/")) {
            throw new IllegalArgumentException("not a multiaddr: " + s);
        }
        String[] parts = s.substring(1).split("/", -1);
        List<Component> list = new ArrayList<>();
        int i = 0;
        while (i < parts.length) {
            if (parts[i].isEmpty() && i == parts.length - 1) {
                break; // trailing slash
            }
            Protocol p = Protocol.byName(parts[i++]);
            if (p.size == 0) {
                list.add(new Component(p, new byte[0]));
                continue;
            }
            if (i >= parts.length) {
                throw new IllegalArgumentException("missing value for /" + p.label);
            }
            list.add(new Component(p, valueFromString(p, parts[i++])));
        }
        return new Multiaddr(list);
    }

    public static Multiaddr tcp(InetAddress address, int port) {
        Protocol ip = address.getAddress().length == 4 ? Protocol.IP4 : Protocol.IP6;
        return new Multiaddr(List.of(new Component(ip, address.getAddress()),
                new Component(Protocol.TCP, new byte[] {(byte) (port >> 8), (byte) port})));
    }

    private static byte[] valueFromString(Protocol p, String v) {
        switch (p) {
            case IP4, IP6 -> {
                boolean v4 = p == Protocol.IP4;
                if (v4 ? !v.matches("\\d{1,3}(\\.\\d{1,3}){3}") : !v.contains(":")) {
                    throw new IllegalArgumentException("bad /" + p.label + " address " + v);
                }
                try {
                    byte[] a = InetAddress.getByName(v).getAddress();
                    if (a.length != p.size / 8) {
                        throw new IllegalArgumentException("bad /" + p.label + " address " + v);
                    }
                    return a;
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("bad /" + p.label + " address " + v, e);
                }
            }
            case TCP, UDP -> {
                int port;
                try {
                    port = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad port " + v, e);
                }
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("port out of range " + v);
                }
                return new byte[] {(byte) (port >> 8), (byte) port};
            }
            case P2P -> {
                return PeerId.parse(v).multihash().bytes();
            }
            default -> {
                return v.getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private static void validate(Protocol p, byte[] v) {
        if (p == Protocol.P2P) {
            Multihash.decode(v);
        }
        if (p == Protocol.DNS || p == Protocol.DNS4 || p == Protocol.DNS6 || p == Protocol.DNSADDR) {
            if (v.length == 0 || v.length > 255) {
                throw new IllegalArgumentException("bad DNS name length");
            }
        }
    }

    private static String valueToString(Component c) {
        byte[] v = c.value;
        return switch (c.protocol) {
            case IP4 -> (v[0] & 0xFF) + "." + (v[1] & 0xFF) + "." + (v[2] & 0xFF) + "." + (v[3] & 0xFF);
            case IP6 -> ipv6(v);
            case TCP, UDP -> Integer.toString(((v[0] & 0xFF) << 8) | (v[1] & 0xFF));
            case P2P -> Base58.encode(v);
            default -> new String(v, StandardCharsets.UTF_8);
        };
    }

    /** RFC 5952 text: lower-case hex, the longest run of two or more zero groups written as {@code ::}. */
    private static String ipv6(byte[] v) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((v[2 * i] & 0xFF) << 8) | (v[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    public List<Component> components() {
        return components;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** This address followed by {@code /p2p/<peer>}. */
    public Multiaddr withPeer(PeerId peer) {
        List<Component> l = new ArrayList<>(components);
        l.add(new Component(Protocol.P2P, peer.multihash().bytes()));
        return new Multiaddr(l);
    }

    /** This address without its trailing {@code /p2p/...} component. */
    public Multiaddr withoutPeer() {
        if (!components.isEmpty() && components.get(components.size() - 1).protocol == Protocol.P2P) {
            return new Multiaddr(components.subList(0, components.size() - 1));
        }
        return this;
    }

    /** The peer of the trailing {@code /p2p/...} component, if any. */
    public Optional<PeerId> peerId() {
        if (!components.isEmpty() && components.get(components.size() - 1).protocol == Protocol.P2P) {
            return Optional.of(PeerId.fromMultihash(Multihash.decode(components.get(components.size() - 1).value)));
        }
        return Optional.empty();
    }

    /** Host and port if this is {@code /ip4|ip6|dns*\/H/tcp/P[/p2p/...]}. */
    public Optional<java.net.InetSocketAddress> tcpAddress() {
        List<Component> c = withoutPeer().components;
        if (c.size() != 2 || c.get(1).protocol != Protocol.TCP) {
            return Optional.empty();
        }
        int port = ((c.get(1).value[0] & 0xFF) << 8) | (c.get(1).value[1] & 0xFF);
        Protocol p = c.get(0).protocol;
        if (p == Protocol.IP4 || p == Protocol.IP6) {
            try {
                return Optional.of(new java.net.InetSocketAddress(InetAddress.getByAddress(c.get(0).value), port));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        if (p == Protocol.DNS || p == Protocol.DNS4 || p == Protocol.DNS6) {
            return Optional.of(java.net.InetSocketAddress.createUnresolved(valueToString(c.get(0)), port));
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multiaddr m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Component c : components) {
            sb.append('/').append(c.protocol.label);
            if (c.protocol.size != 0) {
                sb.append('/').append(valueToString(c));
            }
        }
        return sb.toString();
    }
}
