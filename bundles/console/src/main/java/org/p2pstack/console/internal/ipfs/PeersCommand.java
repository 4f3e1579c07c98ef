package org.p2pstack.console.internal.ipfs;

import org.apache.karaf.shell.api.action.Argument;
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

    /** {@code ipfs:connect}. */
    @Command(scope = "ipfs", name = "connect", description = "Connects to an IPFS peer by multiaddr (/ip4/.../tcp/.../p2p/...)")
    @Service
    public static class ConnectCommand extends IpfsCommand {

        @Argument(index = 0, name = "multiaddr", description = "the peer's address, ending in /p2p/<peer id>", required = true)
        String multiaddr;

        @Override
        public Object execute() throws Exception {
            System.out.print("Connected to ");
            print(ipfs.connect(multiaddr, timeout()));
            return null;
        }
    }
}
