package org.p2pstack.swarm.internal.command;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.api.swarm.HypercoreService;

/** Completes a core with the cores this node has open: ours by name, and every core by key (what hypercore:cat takes). */
@Service
public class HeldCoreCompleter implements Completer {

    @Reference
    HypercoreService cores;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(candidates(cores.cores())).complete(session, commandLine, candidates);
    }

    /** The names of our own cores, then the keys of all of them. */
    static List<String> candidates(List<HypercoreInfo> held) {
        Set<String> out = new LinkedHashSet<>(OwnCoreCompleter.names(held));
        TreeSet<String> keys = new TreeSet<>();
        for (HypercoreInfo core : held) {
            keys.add(core.key());
        }
        out.addAll(keys);
        return List.copyOf(out);
    }
}
