package org.p2pstack.console.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.dapp.DappRegistry;

@Command(scope = "dapp", name = "list", description = "Lists the installed dApps, where their pages answer, and those that need attention",
        detailedDescription = "A dApp is installed by dropping its jar into the deploy/ folder; it is listed here as soon as "
                + "it has started, and disappears when its jar is removed. A jar that is not a valid dApp, an update that "
                + "could not start (the previous version keeps running) and registrations refused outside the dApp's "
                + "lane are listed under 'Needs attention' with the reason.")
@Service
public class DappListCommand implements Action {

    @Reference
    DappRegistry registry;

    @Override
    public Object execute() {
        System.out.print(StatusFormatter.dapps(registry.list()));
        System.out.print(StatusFormatter.dappProblems(registry.all()));
        return null;
    }
}
