package org.p2pstack.ipfs.internal.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "ipfs", name = "provide", description = "Announces in the DHT that this node has a CID")
@Service
public class ProvideCommand extends IpfsCommand {

    @Argument(index = 0, name = "cid", description = "the CID to announce", required = true)
    @Completion(HeldCidCompleter.class)
    String cid;

    @Override
    public Object execute() throws Exception {
        System.out.println("Announced " + cid + " to " + ipfs.provide(cid, timeout()) + " DHT peers");
        return null;
    }
}
