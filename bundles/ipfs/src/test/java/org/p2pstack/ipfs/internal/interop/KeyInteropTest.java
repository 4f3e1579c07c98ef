package org.p2pstack.ipfs.internal.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.p2pstack.ipfs.internal.crypto.KeyType;
import org.p2pstack.ipfs.internal.crypto.PublicKey;

/** Keys and signatures made by @libp2p/crypto (Ed25519, secp256k1, ECDSA P-256, RSA-2048) parse and verify here. */
class KeyInteropTest {

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(null|\"([^\"]*)\")").matcher(json);
        return m.find() ? m.group(2) : null;
    }

    @Test
    void jsKeysParseAndSignaturesVerify() throws Exception {
        List<String> lines = NodeJs.run(Duration.ofMinutes(2), "keys.mjs");
        assertEquals(4, lines.size(), lines.toString());
        for (String line : lines) {
            PublicKey key = PublicKey.decode(Base64.getDecoder().decode(field(line, "publicKey")));
            byte[] msg = Base64.getDecoder().decode(field(line, "message"));
            byte[] sig = Base64.getDecoder().decode(field(line, "signature"));
            String type = field(line, "type");
            assertEquals(switch (type) {
                case "Ed25519" -> KeyType.ED25519;
                case "secp256k1" -> KeyType.SECP256K1;
                case "ECDSA" -> KeyType.ECDSA;
                default -> KeyType.RSA;
            }, key.type());
            assertTrue(key.verify(msg, sig), type + " signature");
            sig[sig.length / 2] ^= 1;
            assertFalse(key.verify(msg, sig), type + " tampered signature");
            String peerId = field(line, "peerId");
            if (peerId != null) {
                assertEquals(peerId, key.peerId().toString(), type + " peer ID");
            }
        }
    }
}
