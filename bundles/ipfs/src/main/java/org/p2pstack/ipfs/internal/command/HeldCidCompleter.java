package org.p2pstack.ipfs.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.p2pstack.api.ipfs.IpfsService;

/** Completes a CID argument with the CIDs this node holds pinned (what {@code ipfs:pin} lists). */
@Service
public class HeldCidCompleter implements Completer {

    @Reference
    IpfsService ipfs;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(ipfs.pins()).complete(session, commandLine, candidates);
    }
}
