package org.p2pstack.social.internal.command;

import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.chat.ChatMessage;
import org.p2pstack.api.chat.ChatService;

@Command(scope = "chat", name = "send", description = "Sends a chat message to this node's own room (or another room it is in)")
@Service
public class ChatSendCommand implements Action {

    @Reference
    ChatService chat;

    @Option(name = "--room", description = "the room's key (its owner's swarm key); this node's own room by default")
    String room;

    @Argument(index = 0, name = "text", description = "the message", required = true, multiValued = true)
    java.util.List<String> words;

    @Override
    public Object execute() throws Exception {
        ChatMessage m = chat.send(room, String.join(" ", words)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.out.println("sent " + m.id());
        return null;
    }
}
