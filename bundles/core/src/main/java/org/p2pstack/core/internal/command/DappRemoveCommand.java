package org.p2pstack.core.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.core.internal.dapp.DappDeployer;

@Command(scope = "dapp", name = "remove", description = "Removes a dApp you installed, keeping what it stored unless told otherwise",
        detailedDescription = "Deletes its jar from deploy/ and uninstalls it at once. What it stored (pinned files, its "
                + "folder) is kept, so it is there again if you install the app again; --delete-data releases it.")
@Service
public class DappRemoveCommand implements Action {

    @Reference
    DappDeployer deployer;

    @Argument(index = 0, name = "name", description = "the dApp's name", required = true)
    String name;

    @Option(name = "--delete-data", description = "also release what it stored (unpin its files, delete its folder)")
    boolean deleteData;

    @Override
    public Object execute() {
        try {
            DappDeployer.Removal removal = deployer.remove(name, !deleteData);
            System.out.println(removal.title() + " removed; "
                    + (removal.dataKept() ? "what it stored is kept." : removal.released().isEmpty() ? "it had stored nothing."
                            : "released: " + String.join(", ", removal.released()) + "."));
        } catch (DappDeployer.CannotRemove e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
