package org.p2pstack.core.internal.content;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns whatever name an uploaded file had into one that is safe on every operating system and in URLs:
 * letters, digits, dot, dash and underscore only, no leading dot, no path, bounded length, no reserved
 * Windows device names. The extension always comes from the recognised type.
 */
public final class SafeNames {

    /** Longest base name kept (before the extension). */
    public static final int MAX_BASE = 80;

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");
    private static final Pattern DASHES = Pattern.compile("-{2,}");
    private static final Set<String> RESERVED = Set.of("con", "prn", "aux", "nul", "com1", "com2", "com3", "com4",
            "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private SafeNames() {
    }

    /** A safe file name for an upload called {@code original} (may be null) of type {@code extension}. */
    public static String safeName(String original, String extension, String fallback) {
        String name = original == null ? "" : original;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        name = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        name = UNSAFE.matcher(name).replaceAll("-");
        name = name.replace('.', '-');
        name = DASHES.matcher(name).replaceAll("-");
        name = trim(name);
        if (name.length() > MAX_BASE) {
            name = trim(name.substring(0, MAX_BASE));
        }
        if (name.isEmpty()) {
            name = fallback;
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            name = name + "-file";
        }
        return name + "." + extension;
    }

    /** A description made from a file's name: "beach_day-2024.mp4" becomes "Beach day 2024". */
    public static String describe(String fileName) {
        String base = fileName;
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        base = base.replaceAll("[_\\-.\\s]+", " ").strip();
        if (base.isEmpty()) {
            return "A file from your shared folder";
        }
        return Character.toUpperCase(base.charAt(0)) + base.substring(1);
    }

    private static String trim(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && "-_.".indexOf(name.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && "-_.".indexOf(name.charAt(end - 1)) >= 0) {
            end--;
        }
        return name.substring(start, end);
    }
}
