package org.p2pstack.ipfs.internal.command;

import java.io.InputStream;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.util.files.AtomicFiles;

/** {@code ipfs:get}: like {@code ipfs:cat}, into a file that appears only once it is whole. */
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
        Path target = Path.of(out != null ? out : cid.replace('/', '_')).toAbsolutePath();
        // written aside and renamed when whole: a fetch that fails part-way (the peer gone) leaves no half file
        try (InputStream in = ipfs.cat(cid)) {
            long bytes = AtomicFiles.write(target, in, target.getParent());
            System.out.println("Saved " + bytes + " bytes to " + target);
        }
        return null;
    }
}
