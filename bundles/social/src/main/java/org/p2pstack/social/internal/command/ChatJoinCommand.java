package org.p2pstack.social.internal.command;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.chat.ChatService;
import org.p2pstack.api.directory.Directory;
import org.p2pstack.api.profile.ProfileService;
import org.p2pstack.social.internal.chat.ChatJson;

@Command(scope = "chat", name = "join", description = "Joins someone's chat room by its key (their swarm key); without a key, lists the rooms")
@Service
public class ChatJoinCommand implements Action {

    @Reference
    ChatService chat;

    @Reference
    ProfileService profiles;

    @Reference
    Directory directory;

    @Argument(index = 0, name = "room", description = "the room's key (64 hex characters)", required = false)
    String room;

    @Override
    public Object execute() throws Exception {
        if (room != null) {
            chat.join(room).toCompletableFuture().get(30, TimeUnit.SECONDS);
            System.out.println("joined " + room.strip().toLowerCase(java.util.Locale.ROOT));
        }
        for (Map<String, Object> r : new ChatJson(profiles, directory).rooms(chat.rooms(), chat.ownRoom())) {
            System.out.println(r.get("id") + "\t" + r.get("source") + "\t" + r.get("owner") + "\t"
                    + r.get("participants") + " participant(s)\t" + r.get("messages") + " message(s)");
        }
        return null;
    }
}
