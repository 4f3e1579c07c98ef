package org.p2pstack.console.internal;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.p2pstack.api.dapp.Dapp;
import org.p2pstack.api.dapp.DappState;
import org.p2pstack.api.dapp.DappStatus;
import org.p2pstack.api.status.NodeStatus;
import org.p2pstack.api.status.StackStatus;

/** Plain-text renderings shared by the commands, kept apart from the shell so they can be tested. */
final class StatusFormatter {

    private StatusFormatter() {
    }

    /** One line per stack: name, state, message and details. */
    static String stacks(NodeStatus status) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("p2pstack %s, up %s%n", status.version(), duration(status.uptimeSeconds())));
        for (StackStatus stack : status.stacks().values()) {
            out.append(String.format("%-8s %-9s %s%s%n", stack.stack(), stack.state().label(), stack.message(),
                    details(stack.details())));
        }
        if (!status.identity().isEmpty()) {
            status.identity().forEach((key, value) -> out.append(String.format("%-18s %s%n", key, value)));
        }
        return out.toString();
    }

    static String dapps(List<Dapp> dapps) {
        if (dapps.isEmpty()) {
            return "No dApps installed. Drop a dApp jar into deploy/ to install one." + System.lineSeparator();
        }
        StringBuilder out = new StringBuilder(String.format("%-16s %-16s %-28s %s%n", "Name", "Version", "Title", "URL"));
        for (Dapp dapp : dapps) {
            out.append(String.format("%-16s %-16s %-28s %s%n", dapp.name(), dapp.version(), dapp.title(), dapp.url()));
        }
        return out.toString();
    }

    /** The dApps that are not running as they should, with the reason; empty when all is well. */
    static String dappProblems(List<DappStatus> all) {
        List<DappStatus> problems = all.stream()
                .filter(d -> d.state() != DappState.ACTIVE || !d.reason().isEmpty()).toList();
        if (problems.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(System.lineSeparator()).append("Needs attention:").append(System.lineSeparator());
        for (DappStatus d : problems) {
            String state = d.state() == DappState.ACTIVE ? "running" : d.state().name().toLowerCase(java.util.Locale.ROOT);
            out.append(String.format("%-16s %-16s %-9s %s%n", d.name(), d.version().isEmpty() ? "-" : d.version(), state,
                    d.source()));
            out.append("    ").append(d.reason());
            if (d.state() != DappState.ACTIVE && !d.runningVersion().isEmpty()) {
                out.append(" Version ").append(d.runningVersion()).append(" keeps running.");
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }

    static String duration(long seconds) {
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        return minutes + "m " + seconds % 60 + "s";
    }

    private static String details(Map<String, Object> details) {
        if (details.isEmpty()) {
            return "";
        }
        return details.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", " (", ")"));
    }
}
