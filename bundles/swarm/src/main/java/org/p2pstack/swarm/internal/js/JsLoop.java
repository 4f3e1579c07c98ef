package org.p2pstack.swarm.internal.js;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GraalJS context and the one thread that runs it: a Node-like event loop. Java hands work in through
 * {@link #submit}; JS timers, immediates and I/O callbacks all run on this thread, so JS code never sees
 * two threads. Promise jobs (microtasks) run when each task returns to the loop.
 */
public final class JsLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JsLoop.class);

    /** Host objects are reachable from JS only through members marked {@link HostAccess.Export}. */
    static final HostAccess HOST_ACCESS = HostAccess.newBuilder(HostAccess.EXPLICIT)
            .allowBufferAccess(true)
            .allowArrayAccess(true)
            .allowListAccess(true)
            .build();

    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final LoopHost host;
    private final long origin = System.nanoTime();
    private volatile boolean closing;
    /** Why the loop thread ended without being closed (an engine error escaped a task); null while it runs. */
    private volatile Throwable death;
    private Context context;
    private Value tick;
    /** Loop-thread only: when JS asked to be woken, in loop milliseconds; +inf when never. */
    private double wakeAt = Double.POSITIVE_INFINITY;
    /** Loop-thread only: Java-side timers (UDX retransmission, keepalive...). */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long timerSeq;

    /**
     * @param engine  the shared engine
     * @param name    thread name
     * @param globals called on the loop thread after the prelude, before anything else: install host objects
     */
    public JsLoop(JsEngine engine, String name, Consumer<JsLoop> globals) {
        Objects.requireNonNull(engine, "engine");
        host = new LoopHost(!engine.isInterpreted());
        thread = new Thread(() -> run(engine, globals), name);
        thread.setDaemon(true);
        thread.start();
        started.join();
    }

    private void run(JsEngine engine, Consumer<JsLoop> globals) {
        try {
            context = Context.newBuilder("js")
                    .engine(engine.engine())
                    .allowHostAccess(HOST_ACCESS)
                    .option("js.ecmascript-version", "2022")
                    .build();
            context.enter();
            Value prelude = context.eval(resource("prelude.js"));
            prelude.execute(host);
            tick = context.getBindings("js").getMember("__p2pstackTick");
            if (globals != null) {
                globals.accept(this);
            }
            started.complete(null);
        } catch (Throwable t) {
            started.completeExceptionally(t);
            stopped.complete(null);
            return;
        }
        try {
            loop();
        } catch (Throwable t) {
            // an Error from the engine (or an injected fault) ends the loop: say why, and fail what waits on it
            death = t;
            LOG.error("the JS loop {} stopped", Thread.currentThread().getName(), t);
            failQueued(t);
        } finally {
            try {
                context.leave();
                context.close(true);
            } catch (RuntimeException e) {
                LOG.debug("closing the JS context", e);
            }
            stopped.complete(null);
        }
    }

    private void loop() {
        while (!closing) {
            Runnable task;
            try {
                double waitMs = Math.min(wakeAt, nextTimer()) - now();
                if (waitMs <= 0) {
                    task = tasks.poll();
                } else if (waitMs == Double.POSITIVE_INFINITY) {
                    task = tasks.take();
                } else {
                    task = tasks.poll((long) Math.ceil(waitMs * 1000), TimeUnit.MICROSECONDS);
                }
            } catch (InterruptedException e) {
                break;
            }
            if (task != null) {
                runGuarded(task);
            }
            runTimers();
            if (wakeAt <= now()) {
                wakeAt = Double.POSITIVE_INFINITY;
                runGuarded(() -> tick.executeVoid());
            }
        }
    }

    private double nextTimer() {
        Timer t = timers.peek();
        while (t != null && t.cancelled) {
            timers.poll();
            t = timers.peek();
        }
        return t == null ? Double.POSITIVE_INFINITY : t.due;
    }

    private void runTimers() {
        double now = now();
        Timer t;
        while ((t = timers.peek()) != null && t.due <= now) {
            timers.poll();
            if (!t.cancelled) {
                t.cancelled = true;
                runGuarded(t.task);
            }
        }
    }

    /** Loop thread only: runs {@code task} on the loop after {@code delayMs}; cancel it with {@link Timer#cancel()}. */
    public Timer schedule(Runnable task, double delayMs) {
        Timer t = new Timer(now() + Math.max(0, delayMs), timerSeq++, task);
        timers.add(t);
        return t;
    }

    /** A one-shot Java timer on the loop thread. */
    public static final class Timer implements Comparable<Timer> {
        final double due;
        final long seq;
        final Runnable task;
        boolean cancelled;

        Timer(double due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        public void cancel() {
            cancelled = true;
        }

        public boolean pending() {
            return !cancelled;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Double.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (PolyglotException e) {
            if (e.isCancelled() || closing) {
                return;
            }
            LOG.warn("uncaught JS error: {}", e.getMessage(), e);
        } catch (RuntimeException e) {
            LOG.warn("error on the JS loop", e);
        }
    }

    /** Loop time in milliseconds (monotonic). */
    public double now() {
        return (System.nanoTime() - origin) / 1e6;
    }

    /** Runs {@code fn} on the loop thread and completes with its result; JS values must not leave the loop. */
    public <T> CompletableFuture<T> submit(Function<Context, T> fn) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closing || death != null) {
            result.completeExceptionally(new IllegalStateException(closing ? "JS loop closed" : "JS loop stopped: " + death));
            return result;
        }
        tasks.add(new Submitted<>(fn, result));
        if (death != null) {
            failQueued(death); // it died while we queued
        }
        return result;
    }

    /** A submitted task: its result fails instead of waiting forever when the loop dies first. */
    private final class Submitted<T> implements Runnable {
        final Function<Context, T> fn;
        final CompletableFuture<T> result;

        Submitted(Function<Context, T> fn, CompletableFuture<T> result) {
            this.fn = fn;
            this.result = result;
        }

        @Override
        public void run() {
            try {
                result.complete(fn.apply(context));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }
    }

    private void failQueued(Throwable cause) {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            if (task instanceof Submitted<?> submitted) {
                submitted.result.completeExceptionally(new IllegalStateException("JS loop stopped: " + cause, cause));
            }
        }
    }

    /** Queues {@code task} on the loop thread. */
    public void execute(Runnable task) {
        if (!closing && death == null) {
            tasks.add(task);
        }
    }

    /** Why the loop thread stopped on its own; empty while it runs or after a normal close. */
    public java.util.Optional<Throwable> death() {
        return java.util.Optional.ofNullable(death);
    }

    /**
     * Breaks the loop on purpose (resilience tests, {@code p2p:break swarm}): its thread ends the way it
     * does when the engine throws an internal error, and everything waiting on it fails.
     */
    public void injectFault() {
        tasks.add(() -> {
            throw new InjectedEngineFault();
        });
    }

    /** The error {@link #injectFault()} raises on the loop thread. */
    static final class InjectedEngineFault extends Error {
        private static final long serialVersionUID = 1L;

        InjectedEngineFault() {
            super("injected fault: the JavaScript engine broke");
        }
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Loop thread only. */
    public Context context() {
        return context;
    }

    /** Loop thread only: evaluates a script from this package's resources. */
    public Value evalResource(String name) {
        return context.eval(resource(name));
    }

    /** The shared scratch buffer that JS copies arguments into for host calls (loop thread only). */
    public ByteBuffer scratch() {
        return host.scratch;
    }

    static Source resource(String name) {
        try (InputStream in = JsLoop.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Source.newBuilder("js", text, name).buildLiteral();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        tasks.add(() -> closing = true);
        try {
            stopped.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            closing = true;
            thread.interrupt();
            try {
                context.close(true);
            } catch (RuntimeException ignored) {
                // the loop thread may still hold it; it was cancelled
            }
        }
    }

    /** What the prelude calls: clock, wake-ups, randomness, the scratch buffer. */
    public final class LoopHost {
        private final SecureRandom random = new SecureRandom();
        private final boolean compiled;
        ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);

        LoopHost(boolean compiled) {
            this.compiled = compiled;
        }

        /** True when the Graal JIT compiles JS (not the interpreter). */
        @HostAccess.Export
        public boolean compiled() {
            return compiled;
        }

        @HostAccess.Export
        public double now() {
            return JsLoop.this.now();
        }

        @HostAccess.Export
        public double nanoTime() {
            return (double) (System.nanoTime() - origin);
        }

        @HostAccess.Export
        public void wakeAt(double due) {
            wakeAt = due;
        }

        @HostAccess.Export
        public ByteBuffer scratch(int min) {
            if (scratch.capacity() < min) {
                scratch = ByteBuffer.allocate(Integer.highestOneBit(Math.max(min, 1)) * 2);
            }
            return scratch;
        }

        @HostAccess.Export
        public void random(int len) {
            byte[] b = new byte[len];
            random.nextBytes(b);
            System.arraycopy(b, 0, scratch.array(), 0, len);
        }

        @HostAccess.Export
        public void uncaught(String error) {
            LOG.warn("uncaught JS error: {}", error);
        }

        @HostAccess.Export
        public void log(String line) {
            LOG.info("[js] {}", line);
        }
    }
}
