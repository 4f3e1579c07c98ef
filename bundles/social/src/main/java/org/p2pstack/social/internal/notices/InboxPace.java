package org.p2pstack.social.internal.notices;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How fast the inbox takes notices: each sender {@link #PER_SENDER} per {@link #WINDOW_MILLIS}, and everyone together
 * {@link #ALL}, so no peer (nor many) can fill the owner's notices, messages or disk.
 */
final class InboxPace {

    static final long WINDOW_MILLIS = 10 * 60_000;
    static final int PER_SENDER = 120;
    static final int ALL = 2000;
    /** Senders remembered in one window (older ones are forgotten first). */
    static final int MAX_SENDERS = 10_000;

    private final Clock clock;
    private final Map<String, int[]> counts = new LinkedHashMap<>();
    private long windowStart;
    private int all;

    InboxPace(Clock clock) {
        this.clock = clock;
        this.windowStart = clock.millis();
    }

    synchronized boolean allow(String sender) {
        long now = clock.millis();
        if (now - windowStart >= WINDOW_MILLIS || now < windowStart) {
            counts.clear();
            all = 0;
            windowStart = now;
        }
        if (all >= ALL) {
            return false;
        }
        int[] count = counts.get(sender);
        if (count == null) {
            if (counts.size() >= MAX_SENDERS) {
                return false;
            }
            count = new int[1];
            counts.put(sender, count);
        }
        if (count[0] >= PER_SENDER) {
            return false;
        }
        count[0]++;
        all++;
        return true;
    }
}
