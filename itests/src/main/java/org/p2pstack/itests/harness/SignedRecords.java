package org.p2pstack.itests.harness;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.Gson;

import net.i2p.client.I2PClientFactory;
import net.i2p.crypto.DSAEngine;
import net.i2p.crypto.SigType;
import net.i2p.crypto.eddsa.spec.EdDSANamedCurveTable;
import net.i2p.crypto.eddsa.spec.EdDSAPrivateKeySpec;
import net.i2p.data.Destination;
import net.i2p.data.PrivateKeyFile;

/**
 * Profile records as nodes gossip them, signed with fresh real I2P destinations, for tests and benchmarks
 * that give a node people to know. The signed bytes follow core's {@code ProfileRecord}: a domain line and
 * the fields but the signature as JSON with sorted keys.
 */
public final class SignedRecords {

    private SignedRecords() {
    }

    /** A signed record and the b32 of its new destination. */
    public record Signed(String b32, String json) {
    }

    public static Signed record(String nickname, String swarmKey, long seq) throws Exception {
        ByteArrayOutputStream keys = new ByteArrayOutputStream();
        Destination destination = I2PClientFactory.createClient().createDestination(keys, SigType.EdDSA_SHA512_Ed25519);
        PrivateKeyFile file = new PrivateKeyFile(new ByteArrayInputStream(keys.toByteArray()));
        Map<String, Object> fields = new TreeMap<>();
        fields.put("avatar", "");
        fields.put("b32", destination.toBase32());
        fields.put("destination", destination.toBase64());
        fields.put("ipfsPeerId", "");
        fields.put("nickname", nickname);
        fields.put("seq", seq);
        fields.put("swarmKey", swarmKey);
        fields.put("time", System.currentTimeMillis());
        byte[] signed = ("p2pstack-profile-v1\n" + new Gson().toJson(fields)).getBytes(StandardCharsets.UTF_8);
        fields.put("signature", Base64.getUrlEncoder().withoutPadding()
                .encodeToString(DSAEngine.getInstance().sign(signed, file.getSigningPrivKey()).getData()));
        return new Signed(destination.toBase32(), new Gson().toJson(fields));
    }

    /** The swarm public key (hex) a node derives from the 32-byte seed in its {@code swarm-key.seed}. */
    public static String swarmKey(byte[] seed) {
        return HexFormat.of().formatHex(new EdDSAPrivateKeySpec(seed, EdDSANamedCurveTable.getByName("Ed25519")).getA().toByteArray());
    }
}
