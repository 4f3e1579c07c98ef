package org.p2pstack.social.internal.follow;

import java.util.LinkedHashMap;
import java.util.Map;

import org.p2pstack.api.follow.Friend;
import org.p2pstack.api.follow.FriendItem;
import org.p2pstack.api.follow.FriendPage;

/** JSON shapes of friends and their posts for the private API and the events; media go through the node. */
final class FriendJson {

    private FriendJson() {
    }

    static String base(String b32) {
        return "/api/friends/" + b32;
    }

    static Map<String, Object> item(FriendItem i) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("b32", i.b32());
        json.put("nickname", i.nickname());
        json.put("id", i.id());
        json.put("kind", i.kind());
        json.put("type", i.contentType());
        json.put("size", i.size());
        json.put("description", i.description());
        json.put("created", i.created().toString());
        json.put("mediaUrl", base(i.b32()) + "/media/" + i.id());
        json.put("thumbnailUrl", i.thumbnail() ? base(i.b32()) + "/thumbnail/" + i.id() : null);
        return json;
    }

    static Map<String, Object> friend(Friend f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nickname", f.nickname());
        json.put("b32", f.b32());
        json.put("name", f.name());
        json.put("seq", f.seq());
        json.put("followedAt", f.followedAt().toString());
        json.put("lastFetched", f.lastFetched() == null ? null : f.lastFetched().toString());
        json.put("problem", f.problem());
        json.put("avatarUrl", base(f.b32()) + "/avatar");
        return json;
    }

    static Map<String, Object> page(FriendPage p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nickname", p.nickname());
        json.put("b32", p.b32());
        json.put("seq", p.seq());
        json.put("bio", p.bio());
        json.put("avatarUrl", p.hasAvatar() ? base(p.b32()) + "/avatar" : null);
        json.put("following", p.following());
        json.put("items", p.items().stream().map(FriendJson::item).toList());
        return json;
    }
}
