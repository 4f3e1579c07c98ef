package org.p2pstack.social.internal.dapps;

import java.util.List;

/**
 * A dApp as its author shares it: {@code dapp.json} on IPFS, naming the jar by CID and SHA-256, signed with the
 * author's I2P destination key (the same Ed25519 key that signs their profile record, so the package is as much
 * theirs as their b32 address is).
 *
 * @param name        the dApp's name ({@code P2PStack-Dapp-Name})
 * @param version     its bundle version
 * @param title       display name
 * @param description plain sentences
 * @param kind        {@code static} (pages only) or {@code java} (code that runs inside the node)
 * @param api         the API range it was built against, e.g. {@code [1.1,2)}, or ""
 * @param permissions what it declared, as manifest words
 * @param jarCid      the jar's CID on IPFS
 * @param jarSha256   the jar's SHA-256, hex
 * @param jarSize     the jar's size in bytes
 * @param destination the author's full I2P destination (base64)
 * @param b32         the author's address, computed from {@code destination} when verified
 * @param nickname    the nickname the author had when signing (a hint: not unique)
 * @param time        when it was signed (ms since 1970)
 */
record DappPackage(String name, String version, String title, String description, String kind, String api,
        List<String> permissions, String jarCid, String jarSha256, long jarSize, String destination, String b32,
        String nickname, long time) {

    static final String STATIC = "static";
    static final String JAVA = "java";

    boolean isStatic() {
        return STATIC.equals(kind);
    }
}
