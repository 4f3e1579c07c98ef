package org.p2pstack.swarm.internal.command;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.api.swarm.HypercoreService;

@Command(scope = "hypercore", name = "append", description = "Appends a text block to one of this node's cores (created on first use)")
@Service
public class HypercoreAppendCommand implements Action {

    @Reference
    HypercoreService cores;

    @Argument(index = 0, name = "name", description = "the core's local name", required = true)
    String name;

    @Argument(index = 1, name = "text", description = "the block's text", required = true)
    String text;

    @Override
    public Object execute() throws Exception {
        HypercoreInfo core = cores.open(name).toCompletableFuture().get(30, TimeUnit.SECONDS);
        long length = cores.append(core.key(), text.getBytes(StandardCharsets.UTF_8)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.out.println(core.key() + " length " + length);
        return null;
    }
}
