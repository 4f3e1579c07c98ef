package org.p2pstack.i2p.internal.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.api.status.StackStatus;
import org.p2pstack.api.status.StackStatusProvider;

@Command(scope = "i2p", name = "status", description = "Shows the I2P router, tunnels, proxy and the node's b32 address")
@Service
public class StatusCommand extends I2pCommand {

    @Override
    Object run(I2pService service) {
        System.out.println("State:   " + service.state().label());
        service.ownDestination().ifPresent(d -> System.out.println("Address: " + d.b32()));
        if (service instanceof StackStatusProvider) {
            StackStatus st = ((StackStatusProvider) service).status();
            System.out.println("Stack:   " + st.stack());
            System.out.println("Message: " + st.message());
            for (Map.Entry<String, Object> e : st.details().entrySet()) {
                if (!e.getKey().equals("b32") && !e.getKey().equals("state")) {
                    System.out.printf("  %-28s %s%n", e.getKey(), e.getValue());
                }
            }
        }
        return null;
    }
}
