package org.p2pstack.social.internal.notices;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.p2pstack.api.events.PageEvents;
import org.p2pstack.api.node.NodeEnvironment;

/**
 * The owner's notices: who followed them, friends' new posts, messages. Kept in {@code data/social/notices.json}
 * (the newest {@link #MAX_NOTICES}), each read or unread; every new one and every change of the unread count goes to
 * the open pages as a {@code notices} event, which the page turns into its bell, its tab title and, when the owner
 * allowed it, a browser notification. Notices of the same kind and link that arrive while the last one is unread are
 * folded into it ("3 new messages"), so a busy chat does not push everything else out.
 */
@Component(service = NoticeBox.class)
public final class NoticeBox {

    static final int MAX_NOTICES = 200;
    static final int MAX_TEXT = 300;

    /** One notice, as stored. */
    static final class Notice {
        String id;
        String kind;
        String text;
        String nickname;
        String b32;
        String link;
        long time;
        int count = 1;
        boolean read;
    }

    static final class State {
        List<Notice> notices = new ArrayList<>();
    }

    private final PageEvents events;
    private final Clock clock;
    private final StateFile<State> file;
    private final State state;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public NoticeBox(@Reference NodeEnvironment environment, @Reference PageEvents events) {
        this(environment.dataDir("social").resolve("notices.json"), events, Clock.systemUTC());
    }

    NoticeBox(Path file, PageEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
        this.file = new StateFile<>(file, State.class, State::new);
        State loaded = this.file.load();
        loaded.notices.removeIf(n -> n == null || n.id == null || n.kind == null || n.text == null);
        this.state = loaded;
    }

    /**
     * Adds a notice (or folds it into the unread one of the same kind and link).
     *
     * @param kind     follow, post, message or dm
     * @param nickname who it is about ("" when nobody in particular)
     * @param b32      their address, or ""
     * @param text     what to show, in plain words
     * @param link     where the page goes when it is opened ({@code #people}, {@code #feed}, {@code #dm=<b32>}...)
     */
    public void add(String kind, String nickname, String b32, String text, String link) {
        Map<String, Object> event;
        synchronized (this) {
            Notice folded = kind.equals("follow") || kind.equals("post") ? null : state.notices.stream()
                    .filter(n -> !n.read && n.kind.equals(kind) && n.link.equals(link)).findFirst().orElse(null);
            Notice notice;
            if (folded != null) {
                state.notices.remove(folded);
                folded.count++;
                folded.text = cut(text);
                folded.time = clock.millis();
                notice = folded;
            } else {
                notice = new Notice();
                notice.id = "n-" + HexFormat.of().formatHex(bytes(8));
                notice.kind = kind;
                notice.text = cut(text);
                notice.nickname = nickname;
                notice.b32 = b32;
                notice.link = link;
                notice.time = clock.millis();
            }
            state.notices.add(0, notice);
            while (state.notices.size() > MAX_NOTICES) {
                state.notices.remove(state.notices.size() - 1);
            }
            file.save(state);
            event = new LinkedHashMap<>();
            event.put("type", "added");
            event.put("notice", json(notice));
            event.put("unread", unreadLocked());
        }
        events.publish("notices", event);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String cut(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_TEXT ? oneLine : oneLine.substring(0, MAX_TEXT - 1) + "…";
    }

    /** The notices, newest first, as the API shows them. */
    public synchronized List<Map<String, Object>> list() {
        return state.notices.stream().map(NoticeBox::json).toList();
    }

    public synchronized int unread() {
        return unreadLocked();
    }

    private int unreadLocked() {
        return (int) state.notices.stream().filter(n -> !n.read).count();
    }

    /** Marks the notices with these ids read, or all of them for null; returns the unread count left. */
    public int markRead(Collection<String> ids) {
        int left;
        synchronized (this) {
            boolean changed = false;
            for (Notice n : state.notices) {
                if (!n.read && (ids == null || ids.contains(n.id))) {
                    n.read = true;
                    changed = true;
                }
            }
            if (changed) {
                file.save(state);
            }
            left = unreadLocked();
        }
        events.publish("notices", Map.of("type", "read", "unread", left));
        return left;
    }

    /** Marks read the notices that lead to {@code link} (the page opened what they are about). */
    public void markReadByLink(String link) {
        List<String> ids;
        synchronized (this) {
            ids = state.notices.stream().filter(n -> !n.read && n.link.equals(link)).map(n -> n.id).toList();
        }
        if (!ids.isEmpty()) {
            markRead(ids);
        }
    }

    private static Map<String, Object> json(Notice n) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", n.id);
        o.put("kind", n.kind);
        o.put("text", n.text);
        o.put("from", Map.of("nickname", n.nickname == null ? "" : n.nickname, "b32", n.b32 == null ? "" : n.b32));
        o.put("link", n.link);
        o.put("time", Instant.ofEpochMilli(n.time).toString());
        o.put("count", n.count);
        o.put("read", n.read);
        return o;
    }
}
