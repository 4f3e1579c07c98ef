package org.p2pstack.swarm.internal.command;

import java.util.List;

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

    static final String STACK = "swarm";

    @Reference
    SwarmService swarm;

    // every stack's provider, chosen by stackName(): Karaf 4.4's shell ignores a @Reference filter when the
    // service is already registered as the command bundle starts (as after a restart) and hands over the
    // first StackStatusProvider, which was the I2P stack's
    @Reference
    List<StackStatusProvider> providers;

    @Override
    public Object execute() {
        StackStatus s = statusOf(providers, STACK);
        if (s == null) {
            System.out.println("the swarm stack has no status yet");
            return null;
        }
        System.out.printf("%-12s %s%n", "stack", s.stack());
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

    /** The status of the stack called {@code stack}, or null when no provider of that name is there. */
    static StackStatus statusOf(List<StackStatusProvider> providers, String stack) {
        if (providers != null) {
            for (StackStatusProvider p : providers) {
                if (stack.equals(p.stackName())) {
                    return p.status();
                }
            }
        }
        return null;
    }
}
