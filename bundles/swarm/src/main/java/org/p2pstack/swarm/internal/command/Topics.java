package org.p2pstack.swarm.internal.command;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Topic names typed by an operator: 64 hex digits are taken as is, anything else is hashed (SHA-256). */
final class Topics {

    private Topics() {
    }

    static byte[] parse(String topic) {
        if (topic.matches("[0-9a-fA-F]{64}")) {
            return HexFormat.of().parseHex(topic);
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(topic.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
