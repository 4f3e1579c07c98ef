package org.p2pstack.swarm.internal.command;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.status.StackStatus;
import org.p2pstack.api.swarm.SwarmService;

@Command(scope = "swarm", name = "status", description = "Shows the Hyperswarm stack: state, public key, DHT and peers")
@Service
public class SwarmStatusCommand extends SwarmCommand {

    @Reference
    SwarmService swarm;

    @Override
    protected void run(PrintStream console) {
        StackStatus s = swarmStatus();
        if (s == null) {
            console.println("the swarm stack has no status yet");
            return;
        }
        row(console, 12, "stack", s.stack());
        row(console, 12, "state", s.state().name().toLowerCase());
        row(console, 12, "message", s.message());
        row(console, 12, "public key", swarm.publicKey());
        s.details().forEach((k, v) -> {
            if (!"publicKey".equals(k)) {
                row(console, 12, k, v);
            }
        });
    }
}
