package org.p2pstack.sdk.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Where a dApp's p2p resources live, so that two dApps never share one: its Hypercores are the node's cores named
 * {@code dapp/<dapp>/<core>}, its swarm topics are SHA-256 of {@code p2pstack-dapp\n<dapp>\n<topic>}. Neither a dApp
 * name nor a core or topic name can contain {@code /} or a line break, so no two (dApp, name) pairs meet.
 */
final class DappNamespace {

    /** A core or topic name: short, lower-case letters, digits and dashes. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** A dApp name, as the registry accepts it. */
    static final Pattern DAPP = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    /** A Hypercore key: 32 bytes, hex. */
    static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
    static final String CORE_PREFIX = "dapp/";
    static final String TOPIC_DOMAIN = "p2pstack-dapp";

    private DappNamespace() {
    }

    /** Throws unless {@code value} is a valid core or topic name; {@code what} names it in the message. */
    static String checkName(String what, String value) throws Refusal {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new Refusal(400, "A " + what + " name must be 1 to 32 lower-case letters, digits or dashes (like \"entries\").");
        }
        return value;
    }

    static String checkKey(String value) throws Refusal {
        String key = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
        if (!KEY.matcher(key).matches()) {
            throw new Refusal(400, "A log's key is 64 hex digits.");
        }
        return key;
    }

    /** The node-wide name of the dApp's core {@code core}. */
    static String coreName(String dapp, String core) {
        return CORE_PREFIX + dapp + "/" + core;
    }

    /** True when the node-wide core name {@code nodeName} belongs to {@code dapp}. */
    static boolean ownsCore(String dapp, String nodeName) {
        return nodeName != null && nodeName.startsWith(CORE_PREFIX + dapp + "/")
                && NAME.matcher(nodeName.substring(CORE_PREFIX.length() + dapp.length() + 1)).matches();
    }

    /** The swarm topic (32 bytes) of the dApp's topic {@code topic}. */
    static byte[] topic(String dapp, String topic) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest((TOPIC_DOMAIN + "\n" + dapp + "\n" + topic).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String topicHex(String dapp, String topic) {
        return HexFormat.of().formatHex(topic(dapp, topic));
    }
}
