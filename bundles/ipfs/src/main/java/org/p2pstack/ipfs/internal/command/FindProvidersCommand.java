package org.p2pstack.ipfs.internal.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code ipfs:findprovs}. */
@Command(scope = "ipfs", name = "findprovs", description = "Finds peers in the DHT that have a CID")
@Service
public class FindProvidersCommand extends IpfsCommand {

    @Argument(index = 0, name = "cid", description = "the CID to look for", required = true)
    @Completion(HeldCidCompleter.class)
    String cid;

    @Override
    public Object execute() throws Exception {
        var providers = ipfs.findProviders(cid, 20, timeout());
        if (providers.isEmpty()) {
            System.out.println("No provider found for " + cid);
        }
        providers.forEach(IpfsCommand::print);
        return null;
    }
}
