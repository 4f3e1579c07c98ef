package org.p2pstack.swarm.internal.command;

import java.io.PrintStream;
import java.util.HexFormat;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.swarm.SwarmService;

@Command(scope = "swarm", name = "join", description = "Joins a topic: announces this node and looks for peers on it",
        detailedDescription = "The topic is 64 hex digits, or any text (its SHA-256 is used).")
@Service
public class SwarmJoinCommand extends SwarmCommand {

    /** Joining announces on the DHT and looks up the topic: slower than one call. */
    static final long JOIN_WAIT_SECONDS = 60;

    @Reference
    SwarmService swarm;

    @Argument(index = 0, name = "topic", description = "64 hex digits, or text to hash", required = true)
    @Completion(JoinedTopicCompleter.class)
    String topic;

    @Option(name = "--client-only", description = "Only look for peers, do not announce")
    boolean clientOnly;

    @Option(name = "--server-only", description = "Only announce, do not look for peers")
    boolean serverOnly;

    @Override
    protected void run(PrintStream console) throws Exception {
        byte[] t = Topics.parse(topic);
        await(swarm.join(t, !clientOnly, !serverOnly), JOIN_WAIT_SECONDS);
        console.println("joined " + HexFormat.of().formatHex(t));
    }
}
