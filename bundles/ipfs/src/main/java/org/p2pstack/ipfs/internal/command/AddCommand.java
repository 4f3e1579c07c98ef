package org.p2pstack.ipfs.internal.command;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.p2pstack.api.ipfs.AddOptions;

@Command(scope = "ipfs", name = "add", description = "Adds a file to IPFS (kubo's defaults: the same CID as 'ipfs add') and pins it")
@Service
public class AddCommand extends IpfsCommand {

    @Argument(index = 0, name = "file", description = "the file to add", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--cid-version", description = "0 (default, Qm...) or 1 (raw leaves, bafy...)")
    int cidVersion = 0;

    @Override
    public Object execute() throws Exception {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            System.err.println("No such file: " + path);
            return null;
        }
        System.out.println(ipfs.add(path, cidVersion == 1 ? AddOptions.KUBO_CID_V1 : AddOptions.KUBO) + "  " + path.getFileName());
        return null;
    }
}
