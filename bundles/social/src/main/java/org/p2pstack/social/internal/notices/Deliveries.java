package org.p2pstack.social.internal.notices;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.p2pstack.api.i2p.I2pException;
import org.p2pstack.api.i2p.I2pHttpResponse;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.api.profile.ProfileRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox: notices and messages on their way to other people's {@code /inbox} over I2P. Follows, unfollows and
 * direct messages are kept in {@code outbox.json} until the other node took them (its computer may be off for days):
 * tried at once, then again after 1, 5 and 15 s, 1, 5 and 15 minutes and every 30 minutes, for up to
 * {@link #GIVE_UP_AFTER}. "My page changed" notices to followers are tried twice and never kept: a follower that
 * missed one still fetches the page on its own schedule.
 */
final class Deliveries {

    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    static final Duration TIMEOUT = Duration.ofSeconds(45);
    static final Duration GIVE_UP_AFTER = Duration.ofDays(7);
    static final int MAX_QUEUED = 1000;
    /** A stream that I2P could not open at once ("no route") usually opens a second later; an absent node waits longer. */
    private static final long[] BACKOFF_MILLIS = { 1_000, 5_000, 15_000, 60_000, 300_000, 900_000, 1_800_000 };
    private static final int SENDERS = 4;

    /** The outcome of one try. */
    enum Outcome { DELIVERED, RETRY, REFUSED }

    /** One kept delivery. */
    static final class Delivery {
        String key;
        String to;
        String type;
        String id;
        String text;
        int attempts;
        long next;
        long first;
    }

    static final class State {
        List<Delivery> queue = new ArrayList<>();
        /** The people whom a follow notice reached (so a restart does not tell them again). */
        Set<String> told = new LinkedHashSet<>();
    }

    private final I2pService i2p;
    private final Supplier<Optional<ProfileRecord>> ownRecord;
    /** Whether this node keeps copies of followed people's posts (said in follow notices). */
    private final BooleanSupplier keeps;
    private final Clock clock;
    private final StateFile<State> file;
    private final State state;
    private final Set<String> inFlight = new HashSet<>();
    private final ScheduledExecutorService timer;
    private final ExecutorService senders;
    private final SecureRandom random = new SecureRandom();
    /** Told when a kept delivery ended: delivered, or refused / given up (with the reason). */
    private final BiConsumer<Delivery, String> finished;

    Deliveries(Path file, I2pService i2p, Supplier<Optional<ProfileRecord>> ownRecord, BooleanSupplier keeps, Clock clock,
            ScheduledExecutorService timer, BiConsumer<Delivery, String> finished) {
        this.i2p = i2p;
        this.ownRecord = ownRecord;
        this.keeps = keeps;
        this.clock = clock;
        this.file = new StateFile<>(file, State.class, State::new);
        State loaded = this.file.load();
        loaded.queue.removeIf(d -> d == null || d.key == null || d.to == null || d.type == null);
        this.state = loaded;
        this.timer = timer;
        this.finished = finished;
        this.senders = new ThreadPoolExecutor(SENDERS, SENDERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(4 * MAX_QUEUED),
                r -> {
                    Thread t = new Thread(r, "p2pstack-outbox");
                    t.setDaemon(true);
                    return t;
                });
        ((ThreadPoolExecutor) senders).allowCoreThreadTimeOut(true);
        timer.scheduleWithFixedDelay(this::sendDue, 2, 5, TimeUnit.SECONDS);
    }

    void close() {
        senders.shutdownNow();
    }

    String newId() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Keeps a delivery and tries it at once; false when the outbox is full. */
    synchronized boolean keep(String to, String type, String id, String text) {
        if (state.queue.size() >= MAX_QUEUED) {
            return false;
        }
        Delivery d = new Delivery();
        d.key = type + ":" + to + ":" + (id == null ? newId() : id);
        d.to = to;
        d.type = type;
        d.id = id;
        d.text = text;
        d.first = clock.millis();
        d.next = d.first;
        state.queue.add(d);
        file.save(state);
        timer.execute(this::sendDue);
        return true;
    }

    /** Drops kept deliveries of {@code type} to {@code to} (an unfollow makes a waiting follow pointless). */
    synchronized void cancel(String to, String type) {
        if (state.queue.removeIf(d -> d.to.equals(to) && d.type.equals(type) && !inFlight.contains(d.key))) {
            file.save(state);
        }
    }

    synchronized boolean queued(String to, String type) {
        return state.queue.stream().anyMatch(d -> d.to.equals(to) && d.type.equals(type));
    }

    synchronized Set<String> queuedTo(String type) {
        Set<String> to = new HashSet<>();
        state.queue.stream().filter(d -> d.type.equals(type)).forEach(d -> to.add(d.to));
        return to;
    }

    synchronized Set<String> told() {
        return Set.copyOf(state.told);
    }

    synchronized void setTold(String b32, boolean told) {
        if (told ? state.told.add(b32) : state.told.remove(b32)) {
            file.save(state);
        }
    }

    /** A notice that is not kept: tried now and once more after a while. */
    void sendOnce(String to, String type) {
        try {
            senders.execute(() -> {
                if (attempt(to, type, null, null) == Outcome.RETRY) {
                    timer.schedule(() -> senders.execute(() -> attempt(to, type, null, null)), 2, TimeUnit.SECONDS);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Outbox busy: the notice to {} is dropped", to);
        }
    }

    private void sendDue() {
        List<Delivery> due = new ArrayList<>();
        synchronized (this) {
            long now = clock.millis();
            for (Delivery d : state.queue) {
                if (d.next <= now && inFlight.add(d.key)) {
                    due.add(d);
                }
            }
        }
        for (Delivery d : due) {
            try {
                senders.execute(() -> tryKept(d));
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    inFlight.remove(d.key);
                }
            }
        }
    }

    private void tryKept(Delivery d) {
        Outcome outcome = attempt(d.to, d.type, d.id, d.text);
        String reason = null;
        synchronized (this) {
            inFlight.remove(d.key);
            if (!state.queue.contains(d)) {
                return; // cancelled meanwhile
            }
            long now = clock.millis();
            if (outcome == Outcome.RETRY && now - d.first < GIVE_UP_AFTER.toMillis()) {
                long wait = BACKOFF_MILLIS[Math.min(d.attempts, BACKOFF_MILLIS.length - 1)];
                d.next = now + wait;
                d.attempts++;
                file.save(state);
                try {
                    timer.schedule(this::sendDue, wait, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    // the node stops: the delivery is kept on disk and tried after the next start
                }
                return;
            }
            state.queue.remove(d);
            if (outcome == Outcome.DELIVERED && d.type.equals("follow")) {
                state.told.add(d.to);
            }
            file.save(state);
            if (outcome != Outcome.DELIVERED) {
                reason = outcome == Outcome.REFUSED ? "refused" : "unreachable";
            }
        }
        finished.accept(d, reason);
    }

    /** One POST to the other node's inbox. */
    private Outcome attempt(String to, String type, String id, String text) {
        Optional<ProfileRecord> own = ownRecord.get();
        if (own.isEmpty()) {
            return Outcome.RETRY; // no signed profile yet: nothing to say who we are with
        }
        byte[] body = InboxEnvelope.encode(type, own.get(), id, text, type.equals("follow") && keeps.getAsBoolean());
        try {
            I2pHttpResponse answer = i2p.httpPost("http://" + to + "/inbox", "application/json", body, 4096, TIMEOUT);
            int status = answer.status();
            if (status >= 200 && status < 300) {
                return Outcome.DELIVERED;
            }
            if (status == 429 || status >= 500) {
                LOG.info("{}'s node answered {} to our {} notice; tried again later", to, status, type);
                return Outcome.RETRY;
            }
            LOG.info("{}'s node refused our {} notice: HTTP {} {}", to, type, status,
                    new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8));
            return Outcome.REFUSED;
        } catch (I2pException e) {
            LOG.info("{} notice to {} not delivered yet, tried again later: {}", type, to, e.getMessage());
            return Outcome.RETRY;
        } catch (RuntimeException e) {
            LOG.warn("{} notice to {} failed", type, to, e);
            return Outcome.RETRY;
        }
    }
}
