package org.p2pstack.ipfs.internal.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code ipfs:connect}. */
@Command(scope = "ipfs", name = "connect", description = "Connects to an IPFS peer by multiaddr (/ip4/.../tcp/.../p2p/...)")
@Service
public class ConnectCommand extends IpfsCommand {

    @Argument(index = 0, name = "multiaddr", description = "the peer's address, ending in /p2p/<peer id>", required = true)
    String multiaddr;

    @Override
    public Object execute() throws Exception {
        System.out.print("Connected to ");
        print(ipfs.connect(multiaddr, timeout()));
        return null;
    }
}
