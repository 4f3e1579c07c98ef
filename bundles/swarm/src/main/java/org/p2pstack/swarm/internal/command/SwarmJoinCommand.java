package org.p2pstack.swarm.internal.command;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.swarm.SwarmService;

@Command(scope = "swarm", name = "join", description = "Joins a topic: announces this node and looks for peers on it",
        detailedDescription = "The topic is 64 hex digits, or any text (its SHA-256 is used).")
@Service
public class SwarmJoinCommand implements Action {

    @Reference
    SwarmService swarm;

    @Argument(index = 0, name = "topic", description = "64 hex digits, or text to hash", required = true)
    String topic;

    @Option(name = "--client-only", description = "Only look for peers, do not announce")
    boolean clientOnly;

    @Option(name = "--server-only", description = "Only announce, do not look for peers")
    boolean serverOnly;

    @Override
    public Object execute() throws Exception {
        byte[] t = Topics.parse(topic);
        swarm.join(t, !clientOnly, !serverOnly).toCompletableFuture().get(60, TimeUnit.SECONDS);
        System.out.println("joined " + HexFormat.of().formatHex(t));
        return null;
    }
}
