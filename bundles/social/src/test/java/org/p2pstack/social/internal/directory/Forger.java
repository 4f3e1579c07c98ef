package org.p2pstack.social.internal.directory;

import org.p2pstack.api.profile.ProfileRecord;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

import net.i2p.crypto.DSAEngine;
import net.i2p.crypto.KeyGenerator;
import net.i2p.crypto.SigType;
import net.i2p.data.SigningPrivateKey;
import net.i2p.data.SimpleDataStructure;

/**
 * Self-signed profile records as an attacker mints them: an Ed25519 key pair and a destination built around it
 * (the 256-byte encryption key and the padding are random and never checked, so one key makes any number of
 * b32 addresses). Every record verifies.
 */
public final class Forger {

    final byte[] publicKey;
    final SigningPrivateKey privateKey;

    /** A fresh signing key. */
    public Forger() {
        SimpleDataStructure[] keys;
        try {
            keys = KeyGenerator.getInstance().generateSigningKeys(SigType.EdDSA_SHA512_Ed25519);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        publicKey = keys[0].getData();
        privateKey = (SigningPrivateKey) keys[1];
    }

    /** A new destination (so a new b32) for this key, in I2P's base64. */
    public String destination() {
        ByteBuffer d = ByteBuffer.allocate(391);
        byte[] random = new byte[352];
        ThreadLocalRandom.current().nextBytes(random);
        d.put(random).put(publicKey);
        d.put((byte) 5).putShort((short) 4).putShort((short) 7).putShort((short) 0); // key certificate: Ed25519
        return Base64.getEncoder().encodeToString(d.array()).replace('+', '-').replace('/', '~');
    }

    /** This key's Ed25519 signature of {@code data}, as a destination of it signs. */
    public byte[] sign(byte[] data) {
        return DSAEngine.getInstance().sign(data, privateKey).getData();
    }

    /** A signed record for {@code destination} (one of this key's). */
    ProfileRecord record(String destination, String nickname, long seq, long time) {
        return record(destination, nickname, "", seq, time);
    }

    /** A signed record for {@code destination} (one of this key's) that names an IPFS peer id. */
    ProfileRecord record(String destination, String nickname, String ipfsPeerId, long seq, long time) {
        return record(destination, nickname, "", ipfsPeerId, seq, time);
    }

    /** A signed record for {@code destination} (one of this key's) that names a swarm key and an IPFS peer id. */
    ProfileRecord record(String destination, String nickname, String swarmKey, String ipfsPeerId, long seq, long time) {
        String b32 = I2pDestination.parse(destination).b32();
        ProfileRecord unsigned = new ProfileRecord(nickname, "", destination, b32, swarmKey, ipfsPeerId, seq, time, "");
        return unsigned.signed(DSAEngine.getInstance().sign(ProfileRecords.signedBytes(unsigned), privateKey).getData());
    }

    /** A record for a new destination of a fresh key: a new person, as far as anyone can tell. */
    static ProfileRecord someone(String nickname, long seq, long time) {
        Forger f = new Forger();
        return f.record(f.destination(), nickname, seq, time);
    }

    /** A new person's signed record, for tests in other packages. */
    public static ProfileRecord person(String nickname) {
        return someone(nickname, 1, System.currentTimeMillis());
    }

    /** A gossip message carrying {@code records}. */
    static byte[] records(java.util.List<ProfileRecord> records) {
        StringBuilder m = new StringBuilder("{\"p\":\"p2pstack-directory/1\",\"t\":\"records\",\"r\":[");
        for (int i = 0; i < records.size(); i++) {
            m.append(i == 0 ? "" : ",").append(ProfileRecords.toJson(records.get(i)));
        }
        return m.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
