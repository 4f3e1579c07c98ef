package org.p2pstack.console.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.dapp.DappRegistry;

@Command(scope = "dapp", name = "list", description = "Lists the installed dApps and where their pages answer",
        detailedDescription = "A dApp is installed by dropping its jar into the deploy/ folder; it is listed here as soon as "
                + "it has started, and disappears when its jar is removed.")
@Service
public class DappListCommand implements Action {

    @Reference
    DappRegistry registry;

    @Override
    public Object execute() {
        System.out.print(StatusFormatter.dapps(registry.list()));
        return null;
    }
}
