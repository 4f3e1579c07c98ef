package org.p2pstack.swarm.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.status.StackStatus;
import org.p2pstack.api.status.StackStatusProvider;
import org.p2pstack.api.swarm.SwarmService;

@Command(scope = "swarm", name = "status", description = "Shows the Hyperswarm stack: state, public key, DHT and peers")
@Service
public class SwarmStatusCommand implements Action {

    @Reference
    SwarmService swarm;

    @Reference(filter = "(component.name=org.p2pstack.swarm.internal.SwarmNode)")
    StackStatusProvider status;

    @Override
    public Object execute() {
        StackStatus s = status.status();
        System.out.printf("%-12s %s%n", "state", s.state().name().toLowerCase());
        System.out.printf("%-12s %s%n", "message", s.message());
        System.out.printf("%-12s %s%n", "public key", swarm.publicKey());
        s.details().forEach((k, v) -> {
            if (!"publicKey".equals(k)) {
                System.out.printf("%-12s %s%n", k, v);
            }
        });
        return null;
    }
}
