package org.p2pstack.social.internal.dapps;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.p2pstack.api.dapp.DappHeaders;

/**
 * What a dApp jar is, read from the jar itself and never from what a package claims: its dApp headers, and whether
 * it carries code. A jar with no classes, no activator and no components is "static": its pages run in the browser
 * under the node's CSP, not inside the node.
 */
record JarFacts(String name, String version, String title, String description, String permissions, boolean hasCode,
        String apiRange) {

    static final int MAX_ENTRIES = 20_000;

    static JarFacts read(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            Attributes main = file.getManifest() == null ? new Attributes() : file.getManifest().getMainAttributes();
            boolean code = main.getValue("Bundle-Activator") != null || main.getValue("Service-Component") != null
                    || main.getValue("Bundle-ClassPath") != null || main.getValue("Fragment-Host") != null;
            int count = 0;
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements() && !code;) {
                String entry = entries.nextElement().getName();
                if (++count > MAX_ENTRIES) {
                    throw new IOException("the jar has more than " + MAX_ENTRIES + " entries");
                }
                code = entry.endsWith(".class") || entry.endsWith(".jar") || entry.startsWith("OSGI-INF/");
            }
            return new JarFacts(value(main, DappHeaders.NAME), value(main, "Bundle-Version"), value(main, DappHeaders.TITLE),
                    value(main, DappHeaders.DESCRIPTION), value(main, DappHeaders.PERMISSIONS), code,
                    apiRange(value(main, "Import-Package")));
        }
    }

    private static final java.util.regex.Pattern API_IMPORT = java.util.regex.Pattern.compile(
            "org\\.p2pstack\\.api\\.[a-z.]+;[^,]*?version=\"?([\\[(])([0-9.]+),([0-9.]+)([\\])])");

    /**
     * The range of API versions the jar's imports of {@code org.p2pstack.api.*} fit together, e.g. {@code [1.2,2)}
     * (the highest lower bound and the lowest upper bound), or "" when it imports none with a range.
     */
    static String apiRange(String importPackage) {
        java.util.regex.Matcher m = API_IMPORT.matcher(importPackage);
        org.osgi.framework.Version low = null;
        org.osgi.framework.Version high = null;
        String open = "[";
        String close = ")";
        while (m.find()) {
            org.osgi.framework.Version l = org.osgi.framework.Version.parseVersion(m.group(2));
            org.osgi.framework.Version h = org.osgi.framework.Version.parseVersion(m.group(3));
            if (low == null || l.compareTo(low) > 0) {
                low = l;
                open = m.group(1);
            }
            if (high == null || h.compareTo(high) < 0) {
                high = h;
                close = m.group(4);
            }
        }
        return low == null ? "" : open + shortVersion(low) + "," + shortVersion(high) + close;
    }

    private static String shortVersion(org.osgi.framework.Version v) {
        return v.getMicro() != 0 ? v.toString() : v.getMinor() != 0 ? v.getMajor() + "." + v.getMinor() : String.valueOf(v.getMajor());
    }

    List<String> permissionWords() {
        List<String> words = new ArrayList<>();
        for (String w : permissions.split(",")) {
            if (!w.isBlank()) {
                words.add(w.strip().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return words;
    }

    String kind() {
        return hasCode ? DappPackage.JAVA : DappPackage.STATIC;
    }

    private static String value(Attributes main, String key) {
        String v = main.getValue(key);
        return v == null ? "" : v.strip();
    }
}
