package org.p2pstack.social.internal.directory;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Chooses the {@code name.i2p} under which a followed friend goes into the I2P address book. Nicknames are
 * not unique, so a name already held by someone else is never overwritten: the friend gets their nickname
 * followed by the start of their own b32 ({@code alice-k3j4h2.i2p}), which is theirs alone, and only if even
 * that is taken a number.
 */
public final class AddressBookNames {

    static final int MAX_LABEL = 40;
    static final int B32_SUFFIX = 6;

    private AddressBookNames() {
    }

    /**
     * @param nickname the friend's nickname
     * @param b32      the friend's {@code ....b32.i2p} address
     * @param lookup   the b32 a name points to in the address book now, if any
     */
    public static String choose(String nickname, String b32, Function<String, Optional<String>> lookup) {
        String label = label(nickname);
        String plain = label + ".i2p";
        if (freeFor(plain, b32, lookup)) {
            return plain;
        }
        String marked = label + "-" + b32.substring(0, Math.min(B32_SUFFIX, b32.length())) + ".i2p";
        if (freeFor(marked, b32, lookup)) {
            return marked;
        }
        for (int n = 2; n < 1000; n++) {
            String numbered = label + "-" + b32.substring(0, Math.min(B32_SUFFIX, b32.length())) + "-" + n + ".i2p";
            if (freeFor(numbered, b32, lookup)) {
                return numbered;
            }
        }
        throw new IllegalStateException("No free address-book name for " + nickname);
    }

    private static boolean freeFor(String name, String b32, Function<String, Optional<String>> lookup) {
        return lookup.apply(name).map(b32::equals).orElse(true);
    }

    /** A host-name label from a nickname: lower-case ASCII letters, digits and single dashes. */
    static String label(String nickname) {
        String ascii = Normalizer.normalize(nickname == null ? "" : nickname, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        String label = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+)|(-+$)", "");
        if (label.length() > MAX_LABEL) {
            label = label.substring(0, MAX_LABEL).replaceAll("-+$", "");
        }
        return label.isEmpty() ? "friend" : label;
    }
}
