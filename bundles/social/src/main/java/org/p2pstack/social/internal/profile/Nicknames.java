package org.p2pstack.social.internal.profile;

import java.util.regex.Pattern;

import org.p2pstack.api.profile.ProfileService;

/** Nickname rules: 2–32 characters; letters (any language), digits, emoji, spaces, dot, dash, underscore. */
public final class Nicknames {

    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{N}\\p{So}][\\p{L}\\p{N}\\p{M}\\p{So}\\p{Sk}\\x{200D} ._-]*");

    private Nicknames() {
    }

    /** Null when fine, else what is wrong, in plain words. */
    public static String check(String nickname) {
        String n = nickname == null ? "" : nickname.strip();
        int length = n.codePointCount(0, n.length());
        if (length == 0) {
            return "Please choose a nickname.";
        }
        if (length < ProfileService.MIN_NICKNAME) {
            return "Your nickname needs at least " + ProfileService.MIN_NICKNAME + " characters.";
        }
        if (length > ProfileService.MAX_NICKNAME) {
            return "Your nickname can have at most " + ProfileService.MAX_NICKNAME + " characters.";
        }
        if (!ALLOWED.matcher(n).matches()) {
            return "A nickname can use letters, numbers, emoji, spaces, dots, dashes and underscores, and must start with a letter, number or emoji.";
        }
        if (n.contains("  ")) {
            return "Please use single spaces in your nickname.";
        }
        return null;
    }
}
