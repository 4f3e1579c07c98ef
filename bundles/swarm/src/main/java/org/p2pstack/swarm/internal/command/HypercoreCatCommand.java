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

@Command(scope = "hypercore", name = "cat", description = "Prints the blocks of a core as text, one per line",
        detailedDescription = "The core is one of ours by name, or anyone's by key (64 hex digits): a peer's blocks are fetched from the swarm.")
@Service
public class HypercoreCatCommand implements Action {

    @Reference
    HypercoreService cores;

    @Argument(index = 0, name = "core", description = "a local name or a key", required = true)
    String core;

    @Override
    public Object execute() throws Exception {
        HypercoreInfo info = (core.matches("[0-9a-fA-F]{64}") ? cores.openRemote(core) : cores.open(core))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        for (long i = 0; i < info.length(); i++) {
            byte[] block = cores.get(info.key(), i).toCompletableFuture().get(30, TimeUnit.SECONDS);
            System.out.println(new String(block, StandardCharsets.UTF_8));
        }
        return null;
    }
}
