package org.p2pstack.i2p.internal;

import java.util.Optional;
import java.util.regex.Pattern;

import net.i2p.data.Base32;
import net.i2p.data.DataFormatException;
import net.i2p.data.Destination;
import net.i2p.data.Hash;

import org.p2pstack.api.i2p.I2pAddress;
import org.p2pstack.api.i2p.I2pDestination;

/**
 * Parsing of Base64 destinations and the I2P side of {@link I2pAddress} (the hash inside a b32). Which text is
 * an address at all is {@link I2pAddress}'s job, the one rule every bundle shares. Everything here reads text
 * that may come from a visitor, a friend or a browser, so every input is bounded.
 */
public final class I2pNames {

    /** Longest Base64 destination accepted (a destination with a key certificate is 516..~616 characters). */
    public static final int MAX_DESTINATION_B64 = 1024;
    /** Shortest Base64 destination (387 bytes → 516 characters). */
    public static final int MIN_DESTINATION_B64 = 516;

    private static final Pattern B64 = Pattern.compile("[A-Za-z0-9~-]+={0,2}");

    private I2pNames() {
    }

    /** The destination hash inside a b32 address. */
    public static Hash hashOf(I2pAddress b32) {
        if (!b32.isB32()) {
            throw new IllegalArgumentException("not a b32 address: " + b32);
        }
        byte[] bytes = Base32.decode(b32.host().substring(0, I2pAddress.B32_CHARS));
        if (bytes == null || bytes.length != Hash.HASH_LENGTH) {
            throw new IllegalArgumentException("not a b32 address: " + b32);
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
