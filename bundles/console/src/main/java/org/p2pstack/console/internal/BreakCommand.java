package org.p2pstack.console.internal;

import java.util.List;
import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.status.FaultInjectable;

@Command(scope = "p2p", name = "break", description = "Breaks a network stack on purpose to check that it recovers by itself",
        detailedDescription = "Imitates a real failure (a router that died, a listener that closed, a script engine that broke). "
                + "The stack notices, says so in p2p:status and on the home page, and restarts itself with back-off. "
                + "Without an argument, lists what can be broken.")
@Service
public class BreakCommand implements Action {

    @Argument(index = 0, name = "stack", description = "the stack to break (i2p, ipfs, swarm...)")
    String stack;

    @Reference(optional = true)
    List<FaultInjectable> stacks;

    @Override
    public Object execute() {
        List<FaultInjectable> available = stacks == null ? List.of() : stacks;
        if (stack == null) {
            if (available.isEmpty()) {
                System.out.println("No installed stack can be broken on purpose.");
            }
            available.forEach(s -> System.out.printf("%-8s %s%n", s.stackName(), s.faultDescription()));
            return null;
        }
        Optional<FaultInjectable> target = available.stream().filter(s -> s.stackName().equals(stack)).findFirst();
        if (target.isEmpty()) {
            System.err.println("No stack named '" + stack + "' can be broken; see p2p:break without an argument.");
            return null;
        }
        target.get().injectFault();
        System.out.println("Broke " + stack + ": " + target.get().faultDescription() + ". Watch p2p:status for its recovery.");
        return null;
    }
}
