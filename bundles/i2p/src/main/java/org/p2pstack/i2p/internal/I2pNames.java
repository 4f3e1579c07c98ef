package org.p2pstack.i2p.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import net.i2p.data.Base32;
import net.i2p.data.DataFormatException;
import net.i2p.data.Destination;
import net.i2p.data.Hash;

import org.p2pstack.api.i2p.I2pDestination;

/**
 * Validation and parsing of I2P host names, b32 addresses and Base64 destinations. Everything here reads
 * text that may come from a visitor, a friend or a browser, so every input is bounded.
 */
public final class I2pNames {

    /** Longest host name accepted, {@code .i2p} included (I2P's own limit is 67 characters). */
    public static final int MAX_NAME_LENGTH = 67;
    /** Longest Base64 destination accepted (a destination with a key certificate is 516..~616 characters). */
    public static final int MAX_DESTINATION_B64 = 1024;
    /** Shortest Base64 destination (387 bytes → 516 characters). */
    public static final int MIN_DESTINATION_B64 = 516;
    /** Characters of a plain b32 address before {@code .b32.i2p}: 32 bytes of SHA-256 in Base32. */
    public static final int B32_CHARS = 52;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern B32 = Pattern.compile("[a-z2-7]{" + (B32_CHARS - 1) + "}[aq]\\.b32\\.i2p");
    private static final Pattern B64 = Pattern.compile("[A-Za-z0-9~-]+={0,2}");

    private I2pNames() {
    }

    /** Lower-cases and trims a host name; does not validate. */
    public static String normalize(String host) {
        return host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
    }

    /** True for {@code <52 base32 chars>.b32.i2p} (case-insensitive). */
    public static boolean isB32(String host) {
        String h = normalize(host);
        return h.length() == B32_CHARS + 8 && B32.matcher(h).matches();
    }

    /**
     * True for a name that may go into the address book: labels of letters, digits and inner dashes,
     * separated by dots, ending in {@code .i2p}, not a b32 address, at most {@link #MAX_NAME_LENGTH}.
     */
    public static boolean isValidName(String name) {
        String n = normalize(name);
        if (n.length() > MAX_NAME_LENGTH || !n.endsWith(".i2p") || n.length() <= 4) {
            return false;
        }
        if (n.endsWith(".b32.i2p")) {
            return false;
        }
        String[] labels = n.substring(0, n.length() - 4).split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** True for any host the proxy may reach over I2P: a b32 address or a valid name. */
    public static boolean isI2pHost(String host) {
        return isB32(host) || isValidName(host);
    }

    /** The destination hash inside a b32 address. */
    public static Hash hashOfB32(String b32) {
        String h = normalize(b32);
        if (!isB32(h)) {
            throw new IllegalArgumentException("not a b32 address: " + abbreviate(b32));
        }
        byte[] bytes = Base32.decode(h.substring(0, B32_CHARS));
        if (bytes == null || bytes.length != Hash.HASH_LENGTH) {
            throw new IllegalArgumentException("not a b32 address: " + abbreviate(b32));
        }
        return Hash.create(bytes);
    }

    /** Parses a Base64 destination, or empty when the text is not one. */
    public static Optional<Destination> parseDestination(String b64) {
        if (b64 == null) {
            return Optional.empty();
        }
        String s = b64.trim();
        if (s.length() < MIN_DESTINATION_B64 || s.length() > MAX_DESTINATION_B64 || !B64.matcher(s).matches()) {
            return Optional.empty();
        }
        try {
            Destination d = new Destination(s);
            // round trip: rejects trailing garbage that the parser would ignore
            return s.equals(d.toBase64()) ? Optional.of(d) : Optional.empty();
        } catch (DataFormatException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The API view of a destination. */
    public static I2pDestination toApi(Destination d) {
        return new I2pDestination(d.toBase64(), d.toBase32());
    }

    /** Shortens untrusted text for log lines and error messages. */
    public static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() <= 80 ? clean : clean.substring(0, 77) + "...";
    }
}
