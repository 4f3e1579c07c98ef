package org.p2pstack.swarm.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.swarm.SwarmPeer;
import org.p2pstack.api.swarm.SwarmService;

@Command(scope = "swarm", name = "peers", description = "Lists the peers connected now")
@Service
public class SwarmPeersCommand implements Action {

    @Reference
    SwarmService swarm;

    @Override
    public Object execute() {
        var peers = swarm.peers();
        if (peers.isEmpty()) {
            System.out.println("no peers connected");
        }
        for (SwarmPeer p : peers) {
            System.out.printf("%s  %s:%d  %s%n", p.publicKey(), p.host(), p.port(), p.initiator() ? "we connected" : "they connected");
        }
        return null;
    }
}
