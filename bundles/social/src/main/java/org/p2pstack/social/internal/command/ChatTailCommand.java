package org.p2pstack.social.internal.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.chat.ChatService;
import org.p2pstack.api.directory.Directory;
import org.p2pstack.api.profile.ProfileService;
import org.p2pstack.social.internal.chat.ChatJson;

@Command(scope = "chat", name = "tail", description = "Prints the newest messages of a chat room, merged from every participant's Hypercore by time")
@Service
public class ChatTailCommand implements Action {

    @Reference
    ChatService chat;

    @Reference
    ProfileService profiles;

    @Reference
    Directory directory;

    @Option(name = "--room", description = "the room's key; this node's own room by default")
    String room;

    @Option(name = "-n", description = "how many messages")
    int count = 20;

    @Override
    public Object execute() {
        for (Map<String, Object> m : new ChatJson(profiles, directory).messages(chat.messages(room, count), chat.ownRoom())) {
            System.out.println(m.get("at") + "  " + m.get("nickname") + ": " + m.get("text"));
        }
        return null;
    }
}
