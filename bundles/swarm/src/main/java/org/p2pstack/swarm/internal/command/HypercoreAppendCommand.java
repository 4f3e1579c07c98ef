package org.p2pstack.swarm.internal.command;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.api.swarm.HypercoreService;

@Command(scope = "hypercore", name = "append", description = "Appends a text block to one of this node's cores (created on first use)")
@Service
public class HypercoreAppendCommand extends SwarmCommand {

    @Reference
    HypercoreService cores;

    @Argument(index = 0, name = "name", description = "the core's local name", required = true)
    @Completion(OwnCoreCompleter.class)
    String name;

    @Argument(index = 1, name = "text", description = "the block's text", required = true)
    String text;

    @Override
    protected void run(PrintStream console) throws Exception {
        HypercoreInfo core = await(cores.open(name), WAIT_SECONDS);
        long length = await(cores.append(core.key(), text.getBytes(StandardCharsets.UTF_8)), WAIT_SECONDS);
        console.println(core.key() + " length " + length);
    }
}
