package org.p2pstack.sdk.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.util.files.AtomicFiles;

/**
 * One dApp's p2p resources on this node, with their bounds: the topics it joined, the logs it opened (its own and
 * other people's), what it pinned, and what happened for it. Guarded by its own monitor.
 */
final class DappSpace {

    /** Swarm topics one dApp may be on at once. */
    static final int MAX_TOPICS = 8;
    /** Its own logs... */
    static final int MAX_OWN_CORES = 16;
    /** ...and other people's logs it follows. */
    static final int MAX_REMOTE_CORES = 64;
    /** CIDs it may keep pinned. */
    static final int MAX_PINS = 10_000;
    /** Events kept for its pages (messages, peers, growing logs); the oldest go first. */
    static final int EVENT_CAPACITY = 256;
    /** Pages of this dApp waiting for events at once (each holds a connection). */
    static final int MAX_WAITING = 4;
    /** Swarm messages it may send per window. */
    static final int SEND_BURST = 30;
    static final long SEND_WINDOW_MILLIS = 10_000;
    /** Messages one peer may bring to this dApp per window; more are dropped, so one peer cannot flush the events. */
    static final int RECEIVE_BURST = 30;
    static final long RECEIVE_WINDOW_MILLIS = 10_000;
    /** Peers whose pace is tracked; the one heard from longest ago is forgotten first. */
    static final int MAX_TRACKED_PEERS = 256;

    final String name;
    final EventLog events = new EventLog(EVENT_CAPACITY);
    final AtomicInteger waiting = new AtomicInteger();
    /** Topic name → swarm topic (hex). */
    final Map<String, String> topics = new LinkedHashMap<>();
    /** Topic name → peers last seen on it. */
    final Map<String, Set<String>> topicPeers = new HashMap<>();
    /** Key → short name of its own logs. */
    final Map<String, String> ownCores = new LinkedHashMap<>();
    final Set<String> remoteCores = new LinkedHashSet<>();
    /** The newest state heard of each log it opened (the swarm's list of open cores can be late while it is busy). */
    final Map<String, HypercoreInfo> lastInfo = new HashMap<>();
    /** CIDs pinned through this dApp → whether the pin was already there (then this dApp never removes it). */
    final Map<String, Boolean> pins = new LinkedHashMap<>();
    private final Deque<Long> sent = new ArrayDeque<>();
    private final LinkedHashMap<String, Deque<Long>> received = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
            return size() > MAX_TRACKED_PEERS;
        }
    };
    private final Path pinsFile;

    DappSpace(String name, Path dir) {
        this.name = name;
        this.pinsFile = dir == null ? null : dir.resolve("pins.txt");
        loadPins();
    }

    /** Records one send at {@code now}; false when the dApp is over its pace. */
    synchronized boolean maySend(long now) {
        while (!sent.isEmpty() && sent.peekFirst() <= now - SEND_WINDOW_MILLIS) {
            sent.removeFirst();
        }
        if (sent.size() >= SEND_BURST) {
            return false;
        }
        sent.addLast(now);
        return true;
    }

    /** Remembers {@code info} unless it is older (shorter) than what is known (caller holds the monitor). */
    void heard(HypercoreInfo info) {
        HypercoreInfo known = lastInfo.get(info.key());
        if (known == null || info.length() >= known.length()) {
            lastInfo.put(info.key(), info);
        }
    }

    /** Records a message from {@code peer} at {@code now}; false when that peer is over its pace (drop it). */
    synchronized boolean mayReceive(String peer, long now) {
        Deque<Long> times = received.computeIfAbsent(peer, p -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst() <= now - RECEIVE_WINDOW_MILLIS) {
            times.removeFirst();
        }
        if (times.size() >= RECEIVE_BURST) {
            return false;
        }
        times.addLast(now);
        return true;
    }

    boolean hasCore(String key) {
        return ownCores.containsKey(key) || remoteCores.contains(key);
    }

    private void loadPins() {
        if (pinsFile == null || !Files.isRegularFile(pinsFile)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(pinsFile, StandardCharsets.UTF_8)) {
                if (line.length() > 1 && pins.size() < MAX_PINS && (line.charAt(0) == '+' || line.charAt(0) == '=')) {
                    pins.put(line.substring(1), line.charAt(0) == '=');
                }
            }
        } catch (IOException e) {
            // a damaged list only means this dApp cannot unpin what it pinned before; the pins stay
        }
    }

    /** Writes the pin list (caller holds the monitor). */
    void savePins() throws IOException {
        if (pinsFile == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        pins.forEach((cid, before) -> lines.add((before ? "=" : "+") + cid));
        Files.createDirectories(pinsFile.getParent());
        AtomicFiles.write(pinsFile, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), pinsFile.getParent());
    }
}
