package org.p2pstack.i2p.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.p2pstack.api.i2p.AddressBookEntry;
import org.p2pstack.api.i2p.I2pDestination;
import org.p2pstack.api.i2p.I2pException;
import org.p2pstack.api.i2p.I2pHttpResponse;
import org.p2pstack.api.i2p.I2pHttpStream;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.api.i2p.I2pState;
import org.p2pstack.api.i2p.I2pStream;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.status.Backoff;
import org.p2pstack.api.status.FaultInjectable;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.status.StackStatus;
import org.p2pstack.api.status.StackStatusProvider;

/**
 * The I2P stack as an OSGi service: {@link I2pService} for other bundles and the {@code i2p} entry of the
 * node's status. A configuration change restarts the component (and so the router).
 */
@Component(service = {I2pService.class, StackStatusProvider.class, FaultInjectable.class}, configurationPid = "org.p2pstack.i2p",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = I2pConfig.class)
public final class I2pComponent implements I2pService, StackStatusProvider, FaultInjectable {

    /** How long deactivation waits for the embedded router to save its state and stop. */
    static final long ROUTER_STOP_MILLIS = 30_000;

    private final I2pNode node;
    private final Backoff backoff = Backoff.DEFAULT;
    // the one thread that notices a dead embedded router and restarts it, with back-off
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "p2pstack-i2p-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String failure;
    private volatile String lastRecovery = "";
    private int attempts;
    private Instant retryAt = Instant.EPOCH;

    @Activate
    public I2pComponent(@Reference NodeEnvironment env, I2pConfig config) {
        this.node = new I2pNode(I2pSettings.from(config, env));
        node.start();
        supervisor.scheduleWithFixedDelay(this::supervise, 2, 2, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        supervisor.shutdownNow();
        node.stop(ROUTER_STOP_MILLIS);
    }

    /** True when the embedded router should be running but is not (it crashed or was stopped). */
    private boolean routerDied() {
        EmbeddedRouter router = node.router();
        I2pState state = node.state();
        if (state == I2pState.FAILED) {
            return true;
        }
        if (router == null || state == I2pState.STOPPED || state == I2pState.STARTING) {
            return false; // external mode, or still coming up
        }
        return router.router() == null || !router.router().isAlive();
    }

    /** Restarts the stack after its router died, waiting longer after each failed try. */
    private void supervise() {
        try {
            Instant now = Instant.now();
            if (failure == null) {
                if (!routerDied()) {
                    return;
                }
                failure = node.state() == I2pState.FAILED ? node.message() : "The I2P router stopped";
                attempts = 0;
                retryAt = now.plus(backoff.delay(1));
                return;
            }
            if (now.isBefore(retryAt)) {
                return;
            }
            attempts++;
            node.stop(ROUTER_STOP_MILLIS);
            node.start();
            lastRecovery = "Restarted at " + LocalTime.now().withNano(0) + " after: " + failure;
            failure = null;
            retryAt = now.plus(backoff.delay(attempts + 1)); // a router that dies again waits longer
        } catch (RuntimeException e) {
            failure = "The I2P router could not restart: " + e.getMessage();
            retryAt = Instant.now().plus(backoff.delay(attempts + 1));
        }
    }

    @Override
    public void injectFault() {
        EmbeddedRouter router = node.router();
        if (router != null) {
            router.stop(ROUTER_STOP_MILLIS);
        }
    }

    @Override
    public String faultDescription() {
        return node.router() != null ? "stops the embedded I2P router" : "nothing (the router is external)";
    }

    // --- StackStatusProvider

    @Override
    public String stackName() {
        return "i2p";
    }

    @Override
    public StackStatus status() {
        I2pState s = node.state();
        StackState st;
        switch (s) {
            case READY:
                st = StackState.RUNNING;
                break;
            case FAILED:
                st = StackState.FAILED;
                break;
            default:
                st = StackState.STARTING;
        }
        String problem = failure;
        if (problem == null && routerDied()) {
            problem = s == I2pState.FAILED ? node.message() : "The I2P router stopped"; // the supervisor acts within 2 s
        }
        if (problem != null) {
            long wait = Math.max(0, Duration.between(Instant.now(), retryAt).toSeconds());
            return new StackStatus("i2p", StackState.FAILED,
                    problem + ". I2P is reconnecting" + (wait > 0 ? " (next try in " + wait + " s)…" : "…"), node.details());
        }
        Map<String, Object> details = node.details();
        if (!lastRecovery.isEmpty()) {
            details = new java.util.LinkedHashMap<>(details);
            details.put("lastRecovery", lastRecovery);
        }
        return new StackStatus("i2p", st, node.message(), details);
    }

    @Override
    public Map<String, String> identity() {
        return node.ownDestination().map(d -> Map.of("b32", d.b32())).orElse(Map.of());
    }

    // --- I2pService

    @Override
    public I2pState state() {
        return node.state();
    }

    @Override
    public Optional<I2pDestination> ownDestination() {
        return node.ownDestination();
    }

    @Override
    public I2pStream connect(String target, Duration timeout) throws I2pException {
        return node.connect(target, timeout);
    }

    @Override
    public I2pHttpResponse httpGet(String url, int maxBytes, Duration timeout) throws I2pException {
        return node.httpGet(url, maxBytes, timeout);
    }

    @Override
    public I2pHttpStream httpStream(String url, String range, Duration timeout) throws I2pException {
        return node.httpStream(url, range, timeout);
    }

    @Override
    public byte[] signAsDestination(byte[] data) throws I2pException {
        return node.signAsDestination(data);
    }

    @Override
    public List<AddressBookEntry> addressBook() {
        return node.addressBook();
    }

    @Override
    public AddressBookEntry addName(String name, String destination) {
        return node.addName(name, destination);
    }

    @Override
    public boolean removeName(String name) {
        return node.removeName(name);
    }

    @Override
    public Optional<I2pDestination> lookup(String nameOrDestination) {
        return node.lookup(nameOrDestination);
    }

    /** Status facts for the console. */
    Map<String, Object> details() {
        return node.details();
    }
}
