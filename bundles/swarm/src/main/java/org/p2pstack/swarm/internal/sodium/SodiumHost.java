package org.p2pstack.swarm.internal.sodium;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Supplier;

import org.graalvm.polyglot.HostAccess;

/**
 * The JS-facing side of the sodium shim (js/shims/sodium-native.js). JS copies the arguments into the
 * loop's scratch buffer and describes them in its first {@value #DESC_BYTES} bytes as (offset, length)
 * int pairs, little-endian: length -1 is null, -2 is a number held in the offset slot. Outputs are
 * written in place and copied back by JS.
 */
public final class SodiumHost {

    static final int DESC_BYTES = 256;
    private static final int NULL = -1;

    private final Sodium sodium;
    private final Supplier<ByteBuffer> scratch;

    public SodiumHost(Sodium sodium, Supplier<ByteBuffer> scratch) {
        this.sodium = sodium;
        this.scratch = scratch;
    }

    @HostAccess.Export
    public int call(String op, int nargs) {
        ByteBuffer s = scratch.get();
        byte[] a = s.array();
        ByteBuffer d = ByteBuffer.wrap(a, 0, DESC_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int[] off = new int[nargs];
        int[] len = new int[nargs];
        for (int i = 0; i < nargs; i++) {
            off[i] = d.getInt(8 * i);
            len[i] = d.getInt(8 * i + 4);
        }
        switch (op) {
            case "randombytes_buf" -> sodium.randombytesBuf(a, off[0], len[0]);
            case "crypto_generichash" -> sodium.genericHash(a, off[0], len[0], a, off[1], len[1],
                    len[2] == NULL ? null : a, off[2], Math.max(0, len[2]));
            case "crypto_hash_sha512" -> sodium.hashSha512(a, off[0], a, off[1], len[1]);
            case "crypto_sign_keypair" -> sodium.signKeypair(a, off[0], a, off[1]);
            case "crypto_sign_seed_keypair" -> sodium.signSeedKeypair(a, off[0], a, off[1], a, off[2]);
            case "crypto_sign_detached" -> sodium.signDetached(a, off[0], a, off[1], len[1], a, off[2]);
            case "crypto_sign_verify_detached" -> {
                return sodium.signVerifyDetached(a, off[0], a, off[1], len[1], a, off[2]) ? 1 : 0;
            }
            case "crypto_sign_ed25519_sk_to_pk" -> sodium.signEd25519SkToPk(a, off[0], a, off[1]);
            case "crypto_scalarmult_ed25519_noclamp" -> {
                return sodium.scalarmultEd25519Noclamp(a, off[0], a, off[1], a, off[2]) ? 0 : -1;
            }
            case "crypto_box_keypair" -> sodium.boxKeypair(a, off[0], a, off[1]);
            case "crypto_box_seed_keypair" -> sodium.boxSeedKeypair(a, off[0], a, off[1], a, off[2]);
            case "crypto_stream_xor" -> sodium.streamXor(a, off[0], a, off[1], len[1], a, off[2], a, off[3]);
            case "crypto_secretbox_easy" -> sodium.secretboxEasy(a, off[0], a, off[1], len[1], a, off[2], a, off[3]);
            case "crypto_secretbox_open_easy" -> {
                return sodium.secretboxOpenEasy(a, off[0], a, off[1], len[1], a, off[2], a, off[3]) ? 1 : 0;
            }
            case "crypto_aead_chacha20poly1305_ietf_encrypt" -> {
                return sodium.aeadChaCha20Poly1305IetfEncrypt(a, off[0], a, off[1], len[1], a, off[2], Math.max(0, len[2]),
                        a, off[3], a, off[4]);
            }
            case "crypto_aead_chacha20poly1305_ietf_decrypt" -> {
                return sodium.aeadChaCha20Poly1305IetfDecrypt(a, off[0], a, off[1], len[1], a, off[2], Math.max(0, len[2]),
                        a, off[3], a, off[4]);
            }
            case "crypto_secretstream_xchacha20poly1305_init_push" -> sodium.secretstreamInitPush(a, off[0], a, off[1], a, off[2]);
            case "crypto_secretstream_xchacha20poly1305_init_pull" -> sodium.secretstreamInitPull(a, off[0], a, off[1], a, off[2]);
            case "crypto_secretstream_xchacha20poly1305_push" -> {
                return sodium.secretstreamPush(a, off[0], a, off[1], a, off[2], len[2], a, off[3], Math.max(0, len[3]), off[4]);
            }
            case "crypto_secretstream_xchacha20poly1305_pull" -> {
                return sodium.secretstreamPull(a, off[0], a, off[1], a, off[2], a, off[3], len[3], a, off[4], Math.max(0, len[4]));
            }
            case "crypto_secretstream_xchacha20poly1305_rekey" -> Sodium.secretstreamRekey(a, off[0]);
            default -> throw new IllegalArgumentException("sodium shim: no " + op);
        }
        return 0;
    }
}
