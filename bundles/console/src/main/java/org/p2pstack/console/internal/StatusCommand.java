package org.p2pstack.console.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.status.NodeStatusService;

@Command(scope = "p2p", name = "status", description = "Shows the node's version, uptime and the state of every network stack",
        detailedDescription = "One line per stack (i2p, ipfs, swarm, torrent...): starting, running, failed or absent, "
                + "with the same facts as http://127.0.0.1:8181/api/status.")
@Service
public class StatusCommand implements Action {

    @Reference
    NodeStatusService statusService;

    @Reference
    NodeEnvironment environment;

    @Override
    public Object execute() {
        System.out.print(StatusFormatter.stacks(statusService.status()));
        System.out.printf("%-18s %s (or log:tail)%n", "logs", environment.logFile());
        return null;
    }
}
