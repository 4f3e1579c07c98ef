package org.p2pstack.swarm.internal.command;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.swarm.SwarmPeer;
import org.p2pstack.api.swarm.SwarmService;

@Command(scope = "swarm", name = "peers", description = "Lists the peers connected now")
@Service
public class SwarmPeersCommand extends SwarmCommand {

    @Reference
    SwarmService swarm;

    @Override
    protected void run(PrintStream console) {
        var peers = swarm.peers();
        if (peers.isEmpty()) {
            console.println("no peers connected");
        }
        for (SwarmPeer p : peers) {
            console.printf("%s  %s:%d  %s%n", p.publicKey(), p.host(), p.port(), p.initiator() ? "we connected" : "they connected");
        }
    }
}
