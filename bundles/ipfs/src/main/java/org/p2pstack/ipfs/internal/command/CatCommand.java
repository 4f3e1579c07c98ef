package org.p2pstack.ipfs.internal.command;

import java.io.InputStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "ipfs", name = "cat", description = "Prints a file from IPFS (fetched from peers if it is not here)")
@Service
public class CatCommand extends IpfsCommand {

    @Argument(index = 0, name = "cid", description = "CID, optionally followed by /path", required = true)
    @Completion(HeldCidCompleter.class)
    String cid;

    @Override
    public Object execute() throws Exception {
        try (InputStream in = ipfs.cat(cid)) {
            in.transferTo(System.out);
        }
        System.out.flush();
        return null;
    }
}
