package org.p2pstack.api.profile;

import java.util.Base64;

/**
 * A person's signed profile record, as published on their public site ({@code /profile.json}) and gossiped between
 * nodes: who they are (nickname, picture) and how to reach them (I2P destination, and the swarm key and IPFS peer id
 * when the person chose to link those networks). It is signed with the I2P destination's own Ed25519 key, so it can
 * only come from the owner of that b32. {@code seq} grows with every change; the newest record wins.
 * <p>
 * Records handed out by the node's services have been checked (signature, size, not dated in the future); a record
 * built by hand has not.
 *
 * @param nickname    the person's nickname (not unique: two people may choose the same one)
 * @param avatar      {@code sha256:<hex>} of their profile picture, or "" without one
 * @param destination their full I2P destination, in I2P's base64
 * @param b32         their I2P address ({@code <52 characters>.b32.i2p}), computed from the destination
 * @param swarmKey    their Hyperswarm key (hex), or "" when they did not link their networks
 * @param ipfsPeerId  their IPFS peer id, or "" when they did not link their networks
 * @param seq         grows with every change of the record
 * @param time        when the record was signed, by the signer's clock (milliseconds since 1970)
 * @param signature   base64url of the 64-byte Ed25519 signature, or "" before signing
 * @since 1.2
 */
public record ProfileRecord(String nickname, String avatar, String destination, String b32, String swarmKey,
        String ipfsPeerId, long seq, long time, String signature) {

    /** This record with {@code signatureBytes} (64 bytes) as its signature. */
    public ProfileRecord signed(byte[] signatureBytes) {
        return new ProfileRecord(nickname, avatar, destination, b32, swarmKey, ipfsPeerId, seq, time,
                Base64.getUrlEncoder().withoutPadding().encodeToString(signatureBytes));
    }
}
