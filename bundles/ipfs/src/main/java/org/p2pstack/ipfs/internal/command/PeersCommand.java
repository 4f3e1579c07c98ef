package org.p2pstack.ipfs.internal.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "ipfs", name = "peers", description = "Lists the IPFS peers this node is connected to")
@Service
public class PeersCommand extends IpfsCommand {

    @Override
    public Object execute() {
        if (ipfs.peers().isEmpty()) {
            System.out.println("Not connected to any IPFS peer.");
        }
        ipfs.peers().forEach(IpfsCommand::print);
        return null;
    }
}
