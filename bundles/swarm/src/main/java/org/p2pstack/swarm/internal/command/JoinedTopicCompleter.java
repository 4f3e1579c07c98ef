package org.p2pstack.swarm.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.p2pstack.api.swarm.SwarmService;

/** Completes a topic with the topics this node has joined (hex), e.g. to join one again with other roles. */
@Service
public class JoinedTopicCompleter implements Completer {

    @Reference
    SwarmService swarm;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(swarm.topics()).complete(session, commandLine, candidates);
    }
}
