package org.p2pstack.ipfs.internal.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "ipfs", name = "id", description = "Shows this node's IPFS peer ID and the addresses it listens on")
@Service
public class IdCommand extends IpfsCommand {

    @Override
    public Object execute() {
        print(ipfs.id());
        return null;
    }
}
