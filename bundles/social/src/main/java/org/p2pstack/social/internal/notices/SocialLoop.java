package org.p2pstack.social.internal.notices;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.p2pstack.api.content.ContentEvent;
import org.p2pstack.api.content.ContentListener;
import org.p2pstack.api.events.PageEvents;
import org.p2pstack.api.follow.FollowListener;
import org.p2pstack.api.follow.FollowService;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.social.internal.copies.FriendCopies;
import org.p2pstack.social.internal.directory.OwnProfileRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The social loop between nodes, carried over I2P to each other's {@code /inbox} (so it works without linking the
 * I2P address to the computer's IP address, and a follower's IP address stays hidden):
 * <ul>
 * <li>following someone tells them ("Bob followed you"), unfollowing tells them too; this node keeps its followers;</li>
 * <li>a change to the owner's page (a post published or deleted) tells every follower at once, and a follower's node
 * that hears it from someone it follows fetches their page now, so posts and deletions arrive within seconds
 * instead of at the next periodic refresh (kept as the fallback);</li>
 * <li>direct messages between two people who follow each other, kept until delivered.</li>
 * </ul>
 * Everything a peer sends is bounded: the envelope's size, each sender's pace ({@link InboxPace}), the number of
 * followers and conversations kept, the messages per conversation.
 */
@Component(service = { SocialLoop.class, FollowListener.class, ContentListener.class }, immediate = true)
public final class SocialLoop implements FollowListener, ContentListener {

    private static final Logger LOG = LoggerFactory.getLogger(SocialLoop.class);
    static final int MAX_FOLLOWERS = 5000;
    static final int MAX_KEEPERS_TOLD = 8;
    static final int MAX_CONVERSATIONS = 500;
    static final int MAX_MESSAGES_PER_CONVERSATION = 500;
    /** A burst of changes (a folder of files added) makes one notice to followers. */
    static final long FEED_SETTLE_MILLIS = 300;

    /** The answer to a notice, for the sender. */
    public record Answer(int status, String message) {
    }

    static final class Follower {
        String b32;
        String nickname;
        long since;
        /** Whether their node keeps copies of the owner's posts for the owner's other followers. */
        boolean keeps;
    }

    static final class Message {
        String id;
        boolean mine;
        String text;
        long time;
        /** sent, waiting or failed (for mine); received (for theirs). */
        String state;
    }

    static final class Conversation {
        String b32;
        String nickname;
        int unread;
        List<Message> messages = new ArrayList<>();
    }

    static final class Followers {
        Map<String, Follower> byB32 = new LinkedHashMap<>();
    }

    static final class Conversations {
        Map<String, Conversation> byB32 = new LinkedHashMap<>();
    }

    private final FollowService follows;
    private final NoticeBox notices;
    private final PageEvents events;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Deliveries outbox;
    private final StateFile<Followers> followersFile;
    private final StateFile<Conversations> conversationsFile;
    private final Followers followers;
    private final Conversations conversations;
    private final InboxPace pace;
    /** The people followed, as last told by the follow service. */
    private volatile Map<String, ProfileRecord> followed = Map.of();
    private ScheduledFuture<?> feedNotice;

    @Activate
    public SocialLoop(@Reference NodeEnvironment environment, @Reference I2pService i2p, @Reference FollowService follows,
            @Reference OwnProfileRecord own, @Reference NoticeBox notices, @Reference PageEvents events,
            @Reference FriendCopies copies) {
        this(environment.dataDir("social"), i2p, own::current, follows, notices, events, Clock.systemUTC(), copies::keeps);
    }

    SocialLoop(Path dir, I2pService i2p, Supplier<Optional<ProfileRecord>> own, FollowService follows, NoticeBox notices,
            PageEvents events, Clock clock, BooleanSupplier keeps) {
        this.follows = follows;
        this.notices = notices;
        this.events = events;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "p2pstack-social");
            t.setDaemon(true);
            return t;
        });
        this.pace = new InboxPace(clock);
        this.followersFile = new StateFile<>(dir.resolve("followers.json"), Followers.class, Followers::new);
        this.conversationsFile = new StateFile<>(dir.resolve("messages.json"), Conversations.class, Conversations::new);
        this.followers = followersFile.load();
        this.followers.byB32.values().removeIf(f -> f == null || f.b32 == null);
        this.conversations = conversationsFile.load();
        this.conversations.byB32.values().removeIf(c -> c == null || c.b32 == null || c.messages == null);
        this.outbox = new Deliveries(dir.resolve("outbox.json"), i2p, own, keeps, clock, timer, this::delivered);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        outbox.close();
    }

    // ---- from the follow service and the content library

    @Override
    public void followsChanged(List<ProfileRecord> now) {
        Map<String, ProfileRecord> map = new LinkedHashMap<>();
        now.forEach(r -> map.put(r.b32(), r));
        followed = Map.copyOf(map);
        timer.execute(() -> tellFollows(map.keySet()));
    }

    /** Tells the newly followed that we follow them, and the unfollowed that we stopped. */
    private void tellFollows(Set<String> now) {
        Set<String> told = outbox.told();
        for (String b32 : now) {
            if (!told.contains(b32) && !outbox.queued(b32, "follow")) {
                outbox.cancel(b32, "unfollow");
                outbox.keep(b32, "follow", null, null);
            }
        }
        for (String b32 : told) {
            if (!now.contains(b32)) {
                outbox.setTold(b32, false);
                outbox.keep(b32, "unfollow", null, null);
            }
        }
        for (String b32 : outbox.queuedTo("follow")) {
            if (!now.contains(b32)) {
                outbox.cancel(b32, "follow");
            }
        }
    }

    @Override
    public void contentChanged(ContentEvent event) {
        synchronized (this) {
            if (feedNotice != null && !feedNotice.isDone()) {
                return;
            }
            feedNotice = timer.schedule(this::tellFollowers, FEED_SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void tellFollowers() {
        List<String> to;
        synchronized (followers) {
            to = List.copyOf(followers.byB32.keySet());
        }
        to.forEach(b32 -> outbox.sendOnce(b32, "feed"));
    }

    // ---- from other nodes

    /** Takes in a checked envelope from its sender (as the I2P tunnel named them). */
    public Answer receive(InboxEnvelope envelope) {
        ProfileRecord from = envelope.sender();
        if (!pace.allow(from.b32())) {
            return new Answer(429, "Too many notices from you; try again in a few minutes.");
        }
        return switch (envelope.type()) {
            case "follow" -> followed(from, envelope.keeps());
            case "unfollow" -> unfollowed(from);
            case "feed" -> feedChanged(from);
            case "dm" -> message(from, envelope.id(), envelope.text());
            default -> new Answer(400, "Unknown notice.");
        };
    }

    private Answer followed(ProfileRecord from, boolean keeps) {
        boolean isNew;
        synchronized (followers) {
            Follower f = followers.byB32.get(from.b32());
            isNew = f == null;
            if (isNew) {
                if (followers.byB32.size() >= MAX_FOLLOWERS) {
                    return new Answer(507, "This person cannot keep more followers.");
                }
                // the notice first: whoever sees the new follower also sees "… followed you"
                LOG.info("{} ({}) follows you", from.nickname(), from.b32());
                notices.add("follow", from.nickname(), from.b32(), from.nickname() + " followed you", "#people");
                f = new Follower();
                f.b32 = from.b32();
                f.since = clock.millis();
                followers.byB32.put(f.b32, f);
            }
            f.nickname = from.nickname();
            f.keeps = keeps;
            followersFile.save(followers);
        }
        renamed(from);
        if (isNew) {
            events.publish("friends", Map.of("type", "follower", "b32", from.b32()));
            if (followed.containsKey(from.b32())) {
                events.publish("dm", Map.of("type", "conversations"));
            }
        }
        return new Answer(202, "Noted.");
    }

    private Answer unfollowed(ProfileRecord from) {
        boolean was;
        synchronized (followers) {
            was = followers.byB32.remove(from.b32()) != null;
            if (was) {
                followersFile.save(followers);
            }
        }
        if (was) {
            events.publish("friends", Map.of("type", "unfollower", "b32", from.b32()));
        }
        return new Answer(202, "Noted.");
    }

    private Answer feedChanged(ProfileRecord from) {
        if (followed.containsKey(from.b32())) {
            follows.refreshFriend(from.b32());
        }
        return new Answer(202, "Noted.");
    }

    private Answer message(ProfileRecord from, String id, String text) {
        if (!mutual(from.b32())) {
            return new Answer(403, "Messages go only between people who follow each other.");
        }
        Message m;
        int unread;
        synchronized (conversations) {
            Conversation c = conversation(from.b32(), from.nickname());
            if (c == null) {
                return new Answer(507, "This person cannot keep more conversations.");
            }
            if (c.messages.stream().anyMatch(x -> !x.mine && x.id.equals(id))) {
                return new Answer(202, "Already here."); // a resend after a lost answer
            }
            m = new Message();
            m.id = id;
            m.mine = false;
            m.text = text;
            m.time = clock.millis();
            m.state = "received";
            add(c, m);
            c.unread++;
            unread = c.unread;
            conversationsFile.save(conversations);
        }
        notices.add("dm", from.nickname(), from.b32(), from.nickname() + ": " + text, "#dm=" + from.b32());
        events.publish("dm", Map.of("type", "message", "b32", from.b32(), "message", json(m), "unread", unread));
        return new Answer(202, "Delivered.");
    }

    /** A newer nickname in a sender's record shows in their conversation too. */
    private void renamed(ProfileRecord from) {
        synchronized (conversations) {
            Conversation c = conversations.byB32.get(from.b32());
            if (c != null && !from.nickname().equals(c.nickname)) {
                c.nickname = from.nickname();
                conversationsFile.save(conversations);
            }
        }
    }

    // ---- the owner's side

    public boolean follows(String b32) {
        return followed.containsKey(b32);
    }

    public boolean isFollower(String b32) {
        synchronized (followers) {
            return followers.byB32.containsKey(b32);
        }
    }

    private boolean mutual(String b32) {
        return follows(b32) && isFollower(b32);
    }

    /** The followers that keep copies of the owner's posts (newest first, {@link #MAX_KEEPERS_TOLD}), but {@code asking}. */
    public List<String> keepers(String asking) {
        synchronized (followers) {
            return followers.byB32.values().stream().filter(f -> f.keeps && !f.b32.equals(asking))
                    .sorted(Comparator.comparingLong((Follower f) -> f.since).reversed()).limit(MAX_KEEPERS_TOLD)
                    .map(f -> f.b32).toList();
        }
    }

    /** The nicknames the followers in {@code keepers} gave themselves (so other followers can say "from Bob's copy"). */
    public Map<String, String> nicknamesOf(List<String> keepers) {
        Map<String, String> names = new LinkedHashMap<>();
        synchronized (followers) {
            for (String b32 : keepers) {
                Follower f = followers.byB32.get(b32);
                if (f != null && f.nickname != null) {
                    names.put(b32, f.nickname);
                }
            }
        }
        return names;
    }

    /** Followers, newest first. */
    public List<Map<String, Object>> followers() {
        synchronized (followers) {
            return followers.byB32.values().stream().sorted(Comparator.comparingLong((Follower f) -> f.since).reversed())
                    .map(f -> {
                        Map<String, Object> o = new LinkedHashMap<>();
                        o.put("nickname", f.nickname);
                        o.put("b32", f.b32);
                        o.put("since", Instant.ofEpochMilli(f.since).toString());
                        o.put("followBack", !followed.containsKey(f.b32));
                        return o;
                    }).toList();
        }
    }

    /** Why the owner cannot write to {@code b32}, in plain words; null when they can. */
    public String whyNotWritable(String b32) {
        String name = nickname(b32);
        if (!follows(b32)) {
            return "Follow " + name + " first: messages go only between people who follow each other.";
        }
        if (!isFollower(b32)) {
            return name + " does not follow you back yet. Messages go only between people who follow each other.";
        }
        return null;
    }

    private String nickname(String b32) {
        ProfileRecord r = followed.get(b32);
        if (r != null) {
            return r.nickname();
        }
        synchronized (followers) {
            Follower f = followers.byB32.get(b32);
            if (f != null) {
                return f.nickname;
            }
        }
        synchronized (conversations) {
            Conversation c = conversations.byB32.get(b32);
            return c != null ? c.nickname : "This person";
        }
    }

    /** The conversations: every one with messages, and everyone the owner and they both follow. */
    public List<Map<String, Object>> conversations() {
        Set<String> b32s = new LinkedHashSet<>();
        synchronized (conversations) {
            b32s.addAll(conversations.byB32.keySet());
        }
        for (String b32 : followed.keySet()) {
            if (isFollower(b32)) {
                b32s.add(b32);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (String b32 : b32s) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("b32", b32);
            o.put("nickname", nickname(b32));
            o.put("canWrite", whyNotWritable(b32) == null);
            synchronized (conversations) {
                Conversation c = conversations.byB32.get(b32);
                o.put("unread", c == null ? 0 : c.unread);
                Message last = c == null || c.messages.isEmpty() ? null : c.messages.get(c.messages.size() - 1);
                o.put("last", last == null ? null : Map.of("text", last.text, "time", Instant.ofEpochMilli(last.time).toString(),
                        "mine", last.mine));
                o.put("lastTime", last == null ? 0L : last.time);
            }
            out.add(o);
        }
        out.sort(Comparator.comparingLong((Map<String, Object> o) -> (Long) o.get("lastTime")).reversed());
        out.forEach(o -> o.remove("lastTime"));
        return out;
    }

    /** One conversation, oldest message first. */
    public Map<String, Object> conversation(String b32) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("b32", b32);
        o.put("nickname", nickname(b32));
        String why = whyNotWritable(b32);
        o.put("canWrite", why == null);
        if (why != null) {
            o.put("why", why);
        }
        synchronized (conversations) {
            Conversation c = conversations.byB32.get(b32);
            o.put("messages", c == null ? List.of() : c.messages.stream().map(SocialLoop::json).toList());
        }
        return o;
    }

    /** The owner writes to {@code b32}: kept, and delivered as soon as their node answers. */
    public Map<String, Object> send(String b32, String text) throws IllegalStateException {
        String why = whyNotWritable(b32);
        if (why != null) {
            throw new IllegalStateException(why);
        }
        Message m = new Message();
        m.id = outbox.newId();
        m.mine = true;
        m.text = text;
        m.time = clock.millis();
        m.state = "waiting";
        synchronized (conversations) {
            Conversation c = conversation(b32, nickname(b32));
            if (c == null) {
                throw new IllegalStateException("You have too many conversations; this one cannot start.");
            }
            if (!outbox.keep(b32, "dm", m.id, text)) {
                throw new IllegalStateException("Too many messages are waiting to be delivered. Try again later.");
            }
            add(c, m);
            conversationsFile.save(conversations);
        }
        Map<String, Object> message = json(m);
        events.publish("dm", Map.of("type", "message", "b32", b32, "message", message, "unread", 0));
        return message;
    }

    /** Marks a conversation read; returns the unread messages left over all conversations. */
    public int markRead(String b32) {
        int total;
        synchronized (conversations) {
            Conversation c = conversations.byB32.get(b32);
            if (c != null && c.unread > 0) {
                c.unread = 0;
                conversationsFile.save(conversations);
            }
            total = conversations.byB32.values().stream().mapToInt(x -> x.unread).sum();
        }
        notices.markReadByLink("#dm=" + b32);
        return total;
    }

    /** A kept delivery ended: a message's state changes to sent or failed. */
    private void delivered(Deliveries.Delivery d, String failure) {
        if (!d.type.equals("dm")) {
            return;
        }
        String state = failure == null ? "sent" : "failed";
        synchronized (conversations) {
            Conversation c = conversations.byB32.get(d.to);
            if (c == null) {
                return;
            }
            c.messages.stream().filter(m -> m.mine && m.id.equals(d.id)).forEach(m -> m.state = state);
            conversationsFile.save(conversations);
        }
        events.publish("dm", Map.of("type", "state", "b32", d.to, "id", d.id, "state", state));
    }

    private Conversation conversation(String b32, String nickname) {
        Conversation c = conversations.byB32.get(b32);
        if (c == null) {
            if (conversations.byB32.size() >= MAX_CONVERSATIONS) {
                return null;
            }
            c = new Conversation();
            c.b32 = b32;
            c.nickname = nickname;
            conversations.byB32.put(b32, c);
        }
        return c;
    }

    private static void add(Conversation c, Message m) {
        c.messages.add(m);
        while (c.messages.size() > MAX_MESSAGES_PER_CONVERSATION) {
            c.messages.remove(0);
        }
    }

    private static Map<String, Object> json(Message m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", m.id);
        o.put("mine", m.mine);
        o.put("text", m.text);
        o.put("time", Instant.ofEpochMilli(m.time).toString());
        o.put("state", m.state);
        return o;
    }

    /** For tests and the console. */
    Map<String, Integer> counts() {
        Map<String, Integer> m = new HashMap<>();
        synchronized (followers) {
            m.put("followers", followers.byB32.size());
        }
        synchronized (conversations) {
            m.put("conversations", conversations.byB32.size());
        }
        return m;
    }
}
