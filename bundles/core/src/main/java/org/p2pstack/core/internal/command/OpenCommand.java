package org.p2pstack.core.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.core.internal.web.WebSessions;

@Command(scope = "p2p", name = "open", description = "Prints a one-time link that signs a browser in to this node's page")
@Service
public class OpenCommand implements Action {

    @Reference
    WebSessions sessions;

    @Override
    public Object execute() {
        System.out.println(sessions.loginLink());
        System.out.println("Open it in your browser on this computer. It works once; after that, run p2p:open again.");
        return null;
    }
}
