package org.p2pstack.core.internal.directory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.Gson;

/**
 * A person's signed profile record, as published on their public site and gossiped between nodes:
 * who they are (nickname, avatar) and how to reach them (I2P destination, swarm key, IPFS peer id).
 * Signed with the I2P destination's own Ed25519 key, so it can only come from the owner of that b32.
 * {@code seq} grows with every change; the newest wins.
 */
public record ProfileRecord(String nickname, String avatar, String destination, String b32, String swarmKey,
        String ipfsPeerId, long seq, long time, String signature) {

    /** Prefix of the signed bytes, so a signature can never be replayed as something else. */
    static final String DOMAIN = "p2pstack-profile-v1\n";

    /** The bytes the signature covers: every field but the signature, as JSON with sorted keys. */
    public byte[] signedBytes() {
        return (DOMAIN + new Gson().toJson(unsignedFields())).getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, Object> unsignedFields() {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("avatar", avatar);
        fields.put("b32", b32);
        fields.put("destination", destination);
        fields.put("ipfsPeerId", ipfsPeerId);
        fields.put("nickname", nickname);
        fields.put("seq", seq);
        fields.put("swarmKey", swarmKey);
        fields.put("time", time);
        return fields;
    }

    /** This record with {@code signature} (base64url of 64 bytes). */
    public ProfileRecord signed(byte[] signatureBytes) {
        return new ProfileRecord(nickname, avatar, destination, b32, swarmKey, ipfsPeerId, seq, time,
                Base64.getUrlEncoder().withoutPadding().encodeToString(signatureBytes));
    }

    /**
     * The record as published. An empty swarm key or IPFS peer id (the owner did not link those networks) is left
     * out; it is still signed as "" so that every node, older ones too, reads the absent field back as "" and the
     * signature verifies either way.
     */
    public String toJson() {
        Map<String, Object> fields = unsignedFields();
        fields.put("signature", signature);
        if (swarmKey == null || swarmKey.isEmpty()) {
            fields.remove("swarmKey");
        }
        if (ipfsPeerId == null || ipfsPeerId.isEmpty()) {
            fields.remove("ipfsPeerId");
        }
        return new Gson().toJson(fields);
    }
}
