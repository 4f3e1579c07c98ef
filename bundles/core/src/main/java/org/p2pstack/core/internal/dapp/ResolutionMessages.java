package org.p2pstack.core.internal.dapp;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the framework's resolver messages ("Unable to resolve x [90](R 90.0): missing requirement ...
 * osgi.wiring.package; (&(osgi.wiring.package=com.fasterxml.jackson.databind)(version>=2.17.0)...") into the
 * sentence an owner can act on: which package the dApp needs that this node does not provide.
 */
final class ResolutionMessages {

    private static final Pattern PACKAGE = Pattern.compile("osgi\\.wiring\\.package=([A-Za-z0-9_.$]+)\\)(?:\\(version>=([0-9.]+)\\))?");
    private static final Pattern SERVICE = Pattern.compile("osgi\\.service;[^(]*\\(objectClass=([A-Za-z0-9_.$]+)\\)");
    private static final Pattern EXTENDER = Pattern.compile("osgi\\.extender=([A-Za-z0-9_.]+)");
    private static final Pattern EE = Pattern.compile("osgi\\.ee=([A-Za-z0-9_.-]+)\\)(?:\\(version=([0-9.]+)\\))?");
    private static final int MAX_LISTED = 3;
    private static final int MAX_RAW = 300;

    private ResolutionMessages() {
    }

    /** Plain words for why a bundle could not resolve or start; the raw message (shortened) when it is not a resolver one. */
    static String explain(String frameworkMessage) {
        String raw = frameworkMessage == null ? "" : frameworkMessage;
        Set<String> needs = new LinkedHashSet<>();
        Matcher m = PACKAGE.matcher(raw);
        while (m.find()) {
            needs.add("package " + m.group(1) + (m.group(2) == null ? "" : " " + shortVersion(m.group(2)) + " or later"));
        }
        m = SERVICE.matcher(raw);
        while (m.find()) {
            needs.add("the service " + m.group(1));
        }
        m = EXTENDER.matcher(raw);
        while (m.find()) {
            needs.add("the extender " + m.group(1));
        }
        m = EE.matcher(raw);
        while (m.find()) {
            needs.add("Java " + (m.group(2) == null ? m.group(1) : shortVersion(m.group(2))) + " class files support");
        }
        if (needs.isEmpty()) {
            String oneLine = raw.replaceAll("\\s+", " ").strip();
            return oneLine.length() <= MAX_RAW ? oneLine : oneLine.substring(0, MAX_RAW) + "…";
        }
        StringBuilder sentence = new StringBuilder("It needs ");
        int listed = 0;
        for (String need : needs) {
            if (listed == MAX_LISTED) {
                sentence.append(" and ").append(needs.size() - MAX_LISTED).append(" more");
                break;
            }
            if (listed > 0) {
                sentence.append(listed == needs.size() - 1 ? " and " : ", ");
            }
            sentence.append(need);
            listed++;
        }
        return sentence.append(", which this node does not provide.").toString();
    }

    private static String shortVersion(String version) {
        return version.replaceAll("(\\.0)+$", "");
    }
}
