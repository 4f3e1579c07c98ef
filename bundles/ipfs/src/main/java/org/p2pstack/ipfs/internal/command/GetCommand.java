package org.p2pstack.ipfs.internal.command;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code ipfs:get}: like {@code ipfs:cat}, into a file. */
@Command(scope = "ipfs", name = "get", description = "Saves a file from IPFS (fetched from peers if it is not here)")
@Service
public class GetCommand extends IpfsCommand {

    @Argument(index = 0, name = "cid", description = "CID, optionally followed by /path", required = true)
    @Completion(HeldCidCompleter.class)
    String cid;

    @Argument(index = 1, name = "out", description = "where to save it (default: the CID as file name)")
    String out;

    @Override
    public Object execute() throws Exception {
        Path target = Path.of(out != null ? out : cid.replace('/', '_'));
        try (InputStream in = ipfs.cat(cid); OutputStream file = Files.newOutputStream(target)) {
            long bytes = in.transferTo(file);
            System.out.println("Saved " + bytes + " bytes to " + target.toAbsolutePath());
        }
        return null;
    }
}
