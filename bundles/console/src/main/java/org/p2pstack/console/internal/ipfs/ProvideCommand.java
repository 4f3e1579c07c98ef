package org.p2pstack.console.internal.ipfs;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "ipfs", name = "provide", description = "Announces in the DHT that this node has a CID")
@Service
public class ProvideCommand extends IpfsCommand {

    @Argument(index = 0, name = "cid", description = "the CID to announce", required = true)
    String cid;

    @Override
    public Object execute() throws Exception {
        System.out.println("Announced " + cid + " to " + ipfs.provide(cid, timeout()) + " DHT peers");
        return null;
    }

    /** {@code ipfs:findprovs}. */
    @Command(scope = "ipfs", name = "findprovs", description = "Finds peers in the DHT that have a CID")
    @Service
    public static class FindProvidersCommand extends IpfsCommand {

        @Argument(index = 0, name = "cid", description = "the CID to look for", required = true)
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
}
