package org.p2pstack.social.internal.notices;

import java.time.Clock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.p2pstack.api.chat.ChatMessage;
import org.p2pstack.api.chat.ChatService;
import org.p2pstack.api.directory.Directory;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.api.swarm.SwarmService;

/**
 * New chat messages from other people become notices (folded per room while unread). Only messages written since
 * the node started count: history read again at start is not news. Runs while the swarm stack (and so the chat) does.
 */
@Component(immediate = true)
public final class ChatNotices {

    /** A message dated this much before the node started still counts (clocks differ a little). */
    static final long GRACE_MILLIS = 60_000;

    private final SwarmService swarm;
    private final Directory directory;
    private final NoticeBox notices;
    private final long since;
    private final AutoCloseable handle;

    @Activate
    public ChatNotices(@Reference ChatService chat, @Reference SwarmService swarm, @Reference Directory directory,
            @Reference NoticeBox notices) {
        this.swarm = swarm;
        this.directory = directory;
        this.notices = notices;
        this.since = Clock.systemUTC().millis() - GRACE_MILLIS;
        this.handle = chat.onMessage(this::message);
    }

    @Deactivate
    void deactivate() throws Exception {
        handle.close();
    }

    private void message(ChatMessage m) {
        if (m.time() < since || m.author().equals(swarm.publicKey())) {
            return;
        }
        String nickname = directory.bySwarmKey(m.author()).map(ProfileRecord::nickname).orElse("Someone");
        notices.add("message", nickname, "", nickname + " in chat: " + m.text(), "#chat");
    }
}
