package org.p2pstack.social.internal.chat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.p2pstack.api.chat.ChatMessage;
import org.p2pstack.api.chat.ChatRoom;
import org.p2pstack.api.directory.Directory;
import org.p2pstack.api.profile.Profile;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.api.profile.ProfileService;

/**
 * The chat as the pages see it ({@code /api/chat}, the {@code chat} and {@code chatrooms} events, the console):
 * messages and rooms with the nickname and picture of the people behind the swarm keys.
 */
public final class ChatJson {

    /** What a page is told about who can see it. */
    static final String NOTICE = "Chat connects your computer directly to the other people in the room. "
            + "Unlike your page, this is not anonymous: they can see your computer's internet address.";

    private final ProfileService profiles;
    private final Directory directory;

    public ChatJson(ProfileService profiles, Directory directory) {
        this.profiles = profiles;
        this.directory = directory;
    }

    /** One message, with its author's nickname and picture; {@code ownKey} is this node's swarm key. */
    public Map<String, Object> message(ChatMessage m, String ownKey) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("room", m.room());
        out.put("time", m.time());
        out.put("at", Instant.ofEpochMilli(m.time()).toString());
        out.put("text", m.text());
        out.put("author", m.author());
        out.putAll(author(m.author(), ownKey));
        out.put("mine", m.author().equals(ownKey));
        return out;
    }

    public List<Map<String, Object>> messages(List<ChatMessage> messages, String ownKey) {
        return messages.stream().map(m -> message(m, ownKey)).toList();
    }

    /** The rooms, each with its owner's nickname. */
    public List<Map<String, Object>> rooms(List<ChatRoom> rooms, String ownKey) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ChatRoom r : rooms) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("source", r.source());
            m.put("owner", author(r.id(), ownKey).get("nickname"));
            m.put("participants", r.participants());
            m.put("messages", r.messages());
            m.put("ready", r.ready());
            out.add(m);
        }
        return out;
    }

    /** Nickname, picture and b32 of the person behind a swarm key: ourselves, or whom the directory names. */
    Map<String, Object> author(String swarmKey, String ownKey) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (swarmKey.equals(ownKey)) {
            Optional<Profile> me = profiles.profile();
            out.put("nickname", me.map(Profile::nickname).orElse("You"));
            out.put("avatarUrl", me.filter(Profile::hasAvatar).map(p -> "/api/profile/avatar?v=" + p.revision()).orElse(null));
            out.put("b32", null);
            return out;
        }
        Optional<ProfileRecord> record = directory.bySwarmKey(swarmKey);
        out.put("nickname", record.map(ProfileRecord::nickname).orElse("Someone " + swarmKey.substring(0, 8)));
        // the picture comes from their public site over I2P, relayed by the friends' API
        out.put("avatarUrl", record.filter(r -> r.avatar() != null && !r.avatar().isEmpty())
                .map(r -> "/api/friends/" + r.b32() + "/avatar?v=" + URLEncoder.encode(r.avatar(), StandardCharsets.UTF_8))
                .orElse(null));
        out.put("b32", record.map(ProfileRecord::b32).orElse(null));
        return out;
    }
}
