package org.p2pstack.api.i2p;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An I2P address as people write it: a b32 address ({@code <52 characters>.b32.i2p}, the SHA-256 of a
 * destination in base32) or a name from an address book ({@code name.i2p}). {@link #parse} takes what a person
 * typed or pasted, so it accepts surrounding spaces, any letter case, a leading {@code http://} (or
 * {@code https://}) and one trailing {@code /}, and nothing else; the result is always the bare lower-case
 * host. Encrypted {@code b33} addresses (56 or more characters before {@code .b32.i2p}) are recognised only to
 * be refused with an explanation: no part of p2pstack can reach them.
 */
public final class I2pAddress {

    /** Longest text {@link #parse} reads at all, before trimming (a pasted URL with spaces around it). */
    public static final int MAX_TEXT = 300;
    /** Longest name, {@code .i2p} included (I2P's own limit). */
    public static final int MAX_NAME_LENGTH = 67;
    /** Longest label of a name (as in DNS). */
    public static final int MAX_LABEL_LENGTH = 63;
    /** Characters before {@code .b32.i2p}: 32 bytes of SHA-256 in base32. */
    public static final int B32_CHARS = 52;
    /** Shortest encrypted (b33) address before {@code .b32.i2p}. */
    public static final int MIN_B33_CHARS = 56;

    private static final String B32_SUFFIX = ".b32.i2p";
    private static final String I2P_SUFFIX = ".i2p";
    // 256 bits fill 51 characters and one more bit: the last character's 4 padding bits are zero
    private static final Pattern B32 = Pattern.compile("[a-z2-7]{" + (B32_CHARS - 1) + "}[aq]");
    private static final Pattern BASE32 = Pattern.compile("[a-z2-7]+");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final String EXAMPLE = "for example abcd…wxyz.b32.i2p (52 letters and digits before .b32.i2p)";

    private final String host;
    private final boolean b32;

    private I2pAddress(String host, boolean b32) {
        this.host = host;
        this.b32 = b32;
    }

    /** The b32 address of a destination given as its bytes (public key, signing key, certificate): SHA-256, base32. */
    public static I2pAddress ofDestination(byte[] destination) {
        byte[] hash;
        try {
            hash = java.security.MessageDigest.getInstance("SHA-256").digest(destination);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder out = new StringBuilder(B32_CHARS + B32_SUFFIX.length());
        int buffer = 0;
        int bits = 0;
        for (byte b : hash) {
            buffer = buffer << 8 | b & 0xff;
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt(buffer >> bits - 5 & 31));
                bits -= 5;
            }
        }
        out.append(alphabet.charAt(buffer << 5 - bits & 31)); // 256 bits: one bit left, padded with zeros
        return new I2pAddress(out.append(B32_SUFFIX).toString(), true);
    }

    /**
     * Reads an address that a person typed or pasted.
     *
     * @throws IllegalArgumentException with a message in plain words when the text is not an I2P address
     */
    public static I2pAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid("No I2P address was given. An address ends in .b32.i2p or .i2p, " + EXAMPLE + ".");
        }
        if (text.length() > MAX_TEXT) {
            throw invalid("That is too long to be an I2P address (an address has at most " + MAX_NAME_LENGTH
                    + " characters, or " + (B32_CHARS + B32_SUFFIX.length()) + " for a .b32.i2p address).");
        }
        String t = text.strip();
        // checked before lower-casing: some non-ASCII letters lower-case to ASCII ones (the Kelvin sign to 'k')
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw invalid("An I2P address has only the letters a to z, digits, dots and dashes; this one has "
                        + (Character.isWhitespace(c) ? "a space" : "other characters") + " in it.");
            }
        }
        String h = t.toLowerCase(Locale.ROOT);
        if (h.startsWith("http://")) {
            h = h.substring("http://".length());
        } else if (h.startsWith("https://")) {
            h = h.substring("https://".length());
        } else if (h.contains("://")) {
            throw invalid("Only http:// links can point to an I2P site.");
        }
        if (h.endsWith("/")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.indexOf('/') >= 0 || h.indexOf('?') >= 0 || h.indexOf('#') >= 0) {
            throw invalid("Give just the address, without anything after it (remove the part from the first / on).");
        }
        if (h.indexOf(':') >= 0) {
            throw invalid("I2P addresses have no port number: remove the ':' and what follows it.");
        }
        if (h.indexOf('@') >= 0) {
            throw invalid("An I2P address has no user name in it: remove the part up to the '@'.");
        }
        if (h.endsWith(B32_SUFFIX)) {
            return b32(h.substring(0, h.length() - B32_SUFFIX.length()));
        }
        return name(h);
    }

    /** Like {@link #parse}, but empty instead of an exception. */
    public static Optional<I2pAddress> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static I2pAddress b32(String chars) {
        if (!BASE32.matcher(chars).matches()) {
            throw invalid("A .b32.i2p address has only the letters a to z and the digits 2 to 7 before .b32.i2p.");
        }
        if (chars.length() >= MIN_B33_CHARS) {
            throw invalid("This is an encrypted I2P address (longer than a usual .b32.i2p address), which p2pstack "
                    + "cannot reach. Ask your friend for the address shown on their home page.");
        }
        if (chars.length() != B32_CHARS || !B32.matcher(chars).matches()) {
            throw invalid("This .b32.i2p address is " + (chars.length() == B32_CHARS ? "mistyped" : "incomplete or too long")
                    + ": it should have exactly " + B32_CHARS + " letters and digits before .b32.i2p. Copy it again.");
        }
        return new I2pAddress(chars + B32_SUFFIX, true);
    }

    private static I2pAddress name(String h) {
        if (!h.endsWith(I2P_SUFFIX) || h.length() == I2P_SUFFIX.length()) {
            throw invalid("That is not an I2P address: it ends in .b32.i2p or .i2p, " + EXAMPLE + ".");
        }
        if (h.length() > MAX_NAME_LENGTH) {
            throw invalid("An I2P name has at most " + MAX_NAME_LENGTH + " characters, .i2p included.");
        }
        for (String label : h.substring(0, h.length() - I2P_SUFFIX.length()).split("\\.", -1)) {
            if (label.length() > MAX_LABEL_LENGTH || !LABEL.matcher(label).matches()) {
                throw invalid("An I2P name is made of letters, digits and dashes between dots, and no part starts "
                        + "or ends with a dash or is empty.");
            }
        }
        return new I2pAddress(h, false);
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException(message);
    }

    /** The bare lower-case host: {@code <52 characters>.b32.i2p} or {@code name.i2p}. */
    public String host() {
        return host;
    }

    /** True for a b32 address, which names a destination by itself. */
    public boolean isB32() {
        return b32;
    }

    /** True for a name, which means something only through an address book. */
    public boolean isName() {
        return !b32;
    }

    /** The site's root URL without the final slash: {@code http://<host>}. */
    public String url() {
        return "http://" + host;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof I2pAddress a && a.host.equals(host);
    }

    @Override
    public int hashCode() {
        return host.hashCode();
    }

    /** The host, as {@link #host()}. */
    @Override
    public String toString() {
        return host;
    }
}
