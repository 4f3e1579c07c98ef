package org.p2pstack.social.internal.chat;

import org.p2pstack.api.chat.ChatMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A room's messages: every participant's log merged by time (then by core and block number, so every node
 * shows the same order). Each core is read in block order, and a participant's messages must go forward in
 * time and keep to a rate ({@link #MAX_PER_WINDOW} per {@link #WINDOW_MILLIS} by their own clock); the rest is
 * skipped, so a peer cannot flood the room. Only the newest {@link #MAX_MESSAGES} are kept in memory.
 * Not thread-safe; the chat service serialises access.
 */
public final class RoomLog {

    static final int MAX_MESSAGES = 2000;
    static final int MAX_PER_WINDOW = 30;
    static final long WINDOW_MILLIS = 60_000;

    static final Comparator<ChatMessage> ORDER = Comparator.comparingLong(ChatMessage::time)
            .thenComparing(ChatMessage::core).thenComparingLong(ChatMessage::index);

    private final TreeSet<ChatMessage> messages = new TreeSet<>(ORDER);
    private final Map<String, Deque<Long>> recent = new HashMap<>();
    private final Map<String, Long> lastIndex = new HashMap<>();

    /** What adding a message did. */
    public enum Outcome { ADDED, DUPLICATE, OUT_OF_ORDER, TOO_FAST }

    /** Adds the next message of its core (blocks in order); a block already seen is a duplicate. */
    public Outcome add(ChatMessage m) {
        Long last = lastIndex.get(m.core());
        if (last != null && m.index() <= last) {
            return Outcome.DUPLICATE;
        }
        lastIndex.put(m.core(), m.index());
        Deque<Long> times = recent.computeIfAbsent(m.core(), k -> new ArrayDeque<>());
        if (!times.isEmpty() && m.time() < times.peekLast()) {
            return Outcome.OUT_OF_ORDER;
        }
        while (!times.isEmpty() && times.peekFirst() <= m.time() - WINDOW_MILLIS) {
            times.pollFirst();
        }
        if (times.size() >= MAX_PER_WINDOW) {
            return Outcome.TOO_FAST;
        }
        times.addLast(m.time());
        messages.add(m);
        if (messages.size() > MAX_MESSAGES) {
            messages.pollFirst();
        }
        return Outcome.ADDED;
    }

    /** The newest {@code limit} messages, oldest first. */
    public List<ChatMessage> latest(int limit) {
        List<ChatMessage> out = new ArrayList<>(Math.min(limit, messages.size()));
        var it = messages.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next());
        }
        java.util.Collections.reverse(out);
        return out;
    }

    public int size() {
        return messages.size();
    }
}
