package org.p2pstack.swarm.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DHT bootstrap nodes the swarm starts with, where they came from, and the ones left out. On a node
 * kept on this computer ({@code P2PSTACK_LOCAL_NETWORK=true}) only loopback and 198.18.0.0/15 (benchmark and
 * test networks, RFC 2544) entries count: the public Hyperswarm bootstrap nodes are never contacted.
 */
public record BootstrapList(List<String> nodes, String source, List<String> dropped) {

    /** An operator's list; more than this is a mistake, not a bootstrap list. */
    public static final int MAX_ENTRIES = 32;
    /** Longest host name (RFC 1035). */
    static final int MAX_HOST_LENGTH = 253;
    public static final String FROM_CONFIG = "etc/org.p2pstack.swarm.cfg";
    public static final String FROM_OVERRIDE = "P2PSTACK_SWARM_BOOTSTRAP";
    public static final String FROM_LOCAL_BOOTSTRAP = "localBootstrap = true (this node is the bootstrap)";
    static final String LOCAL_ONLY_REASON = "not on this computer and P2PSTACK_LOCAL_NETWORK=true";

    private static final Pattern ENTRY = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):([0-9]{1,5})");
    private static final Pattern IPV4 = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})");

    public BootstrapList {
        nodes = List.copyOf(nodes);
        dropped = List.copyOf(dropped);
    }

    /**
     * The list to start with: the override ({@code -Dp2pstack.swarm.bootstrap}, from P2PSTACK_SWARM_BOOTSTRAP) when
     * set, else the configured one; in local-network mode without the entries that would leave this computer.
     */
    public static BootstrapList choose(String override, String configured, boolean localNetworkOnly, boolean localBootstrap) {
        if (localBootstrap) {
            return new BootstrapList(List.of(), FROM_LOCAL_BOOTSTRAP, List.of());
        }
        boolean overridden = override != null && !override.isBlank();
        String spec = overridden ? override : configured == null ? "" : configured;
        List<String> nodes = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String entry : spec.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            String problem = problem(e);
            if (problem != null) {
                dropped.add(e + " (" + problem + ")");
            } else if (localNetworkOnly && !onThisComputer(host(e))) {
                dropped.add(e + " (" + LOCAL_ONLY_REASON + ")");
            } else if (nodes.size() >= MAX_ENTRIES) {
                dropped.add(e + " (more than " + MAX_ENTRIES + " entries)");
            } else {
                nodes.add(e);
            }
        }
        return new BootstrapList(nodes, overridden ? FROM_OVERRIDE : FROM_CONFIG, dropped);
    }

    /**
     * An operator's list, checked strictly: every entry host:port, at most {@link #MAX_ENTRIES}.
     *
     * @throws IllegalArgumentException naming the first malformed entry
     */
    public static List<String> parse(String spec) {
        List<String> nodes = new ArrayList<>();
        for (String entry : spec.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            String problem = problem(e);
            if (problem != null) {
                throw new IllegalArgumentException("'" + e + "' is not a bootstrap node: " + problem);
            }
            nodes.add(e);
        }
        if (nodes.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_ENTRIES + " bootstrap nodes, not " + nodes.size());
        }
        return nodes;
    }

    /** What is wrong with one host:port entry, or null. */
    static String problem(String entry) {
        Matcher m = ENTRY.matcher(entry);
        if (!m.matches()) {
            return "expected host:port, for example 127.0.0.1:49737";
        }
        if (m.group(1).length() > MAX_HOST_LENGTH) {
            return "host name longer than " + MAX_HOST_LENGTH + " characters";
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            return "port " + port + " is not between 1 and 65535";
        }
        Matcher v4 = IPV4.matcher(m.group(1));
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return "not an IPv4 address";
                }
            }
        }
        return null;
    }

    static String host(String entry) {
        String host = entry.substring(0, entry.lastIndexOf(':'));
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** Loopback or the test networks' 198.18.0.0/15; a name other than localhost is not resolved. */
    static boolean onThisComputer(String host) {
        return org.p2pstack.api.node.NodeEnvironment.isLocalNetworkAddress(host);
    }

    /** The entries as host/port pairs, as swarm-node.js passes them to HyperDHT. */
    public com.google.gson.JsonArray toJson() {
        com.google.gson.JsonArray list = new com.google.gson.JsonArray();
        for (String e : nodes) {
            com.google.gson.JsonObject node = new com.google.gson.JsonObject();
            node.addProperty("host", host(e));
            node.addProperty("port", Integer.parseInt(e.substring(e.lastIndexOf(':') + 1)));
            list.add(node);
        }
        return list;
    }
}
