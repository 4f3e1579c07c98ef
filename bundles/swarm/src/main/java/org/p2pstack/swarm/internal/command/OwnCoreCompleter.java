package org.p2pstack.swarm.internal.command;

import java.util.List;
import java.util.TreeSet;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.api.swarm.HypercoreService;

/** Completes a core name with the names of this node's own open cores (the ones hypercore:append can write). */
@Service
public class OwnCoreCompleter implements Completer {

    @Reference
    HypercoreService cores;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(names(cores.cores())).complete(session, commandLine, candidates);
    }

    /** The local names of the writable cores; a peer's core has no local name and cannot be written. */
    static List<String> names(List<HypercoreInfo> held) {
        TreeSet<String> names = new TreeSet<>();
        for (HypercoreInfo core : held) {
            if (core.writable() && !core.name().isEmpty()) {
                names.add(core.name());
            }
        }
        return List.copyOf(names);
    }
}
