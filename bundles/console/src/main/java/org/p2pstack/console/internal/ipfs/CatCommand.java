package org.p2pstack.console.internal.ipfs;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "ipfs", name = "cat", description = "Prints a file from IPFS (fetched from peers if it is not here)")
@Service
public class CatCommand extends IpfsCommand {

    @Argument(index = 0, name = "cid", description = "CID, optionally followed by /path", required = true)
    String cid;

    @Override
    public Object execute() throws Exception {
        try (InputStream in = ipfs.cat(cid)) {
            in.transferTo(System.out);
        }
        System.out.flush();
        return null;
    }

    /** {@code ipfs:get}: the same, into a file. */
    @Command(scope = "ipfs", name = "get", description = "Saves a file from IPFS (fetched from peers if it is not here)")
    @Service
    public static class GetCommand extends IpfsCommand {

        @Argument(index = 0, name = "cid", description = "CID, optionally followed by /path", required = true)
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
}
