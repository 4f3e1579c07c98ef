package org.p2pstack.ipfs.internal.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "ipfs", name = "pin", description = "Pins a CID (fetching what is missing) so garbage collection keeps it; without a CID lists the pins")
@Service
public class PinCommand extends IpfsCommand {

    @Argument(index = 0, name = "cid", description = "what to pin")
    @Completion(HeldCidCompleter.class)
    String cid;

    @Option(name = "--remove", description = "unpin instead")
    boolean remove;

    @Override
    public Object execute() throws Exception {
        if (cid == null) {
            ipfs.pins().forEach(System.out::println);
        } else if (remove) {
            ipfs.unpin(cid);
            System.out.println("Unpinned " + cid);
        } else {
            ipfs.pin(cid);
            System.out.println("Pinned " + cid);
        }
        return null;
    }
}
