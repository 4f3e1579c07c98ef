package org.p2pstack.i2p.internal;

import java.time.Duration;
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
import org.p2pstack.api.status.FaultInjectable;
import org.p2pstack.api.status.SelfRepairing;
import org.p2pstack.api.status.StackState;
import org.p2pstack.api.status.StackStatus;
import org.p2pstack.api.status.StackStatusProvider;

/**
 * The I2P stack as an OSGi service: {@link I2pService} for other bundles and the {@code i2p} entry of the
 * node's status. A configuration change restarts the component (and so the router).
 */
@Component(service = {I2pService.class, StackStatusProvider.class, FaultInjectable.class, SelfRepairing.class}, configurationPid = "org.p2pstack.i2p",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = I2pConfig.class)
public final class I2pComponent implements I2pService, StackStatusProvider, FaultInjectable, SelfRepairing {

    /** How long deactivation waits for the embedded router to save its state and stop. */
    static final long ROUTER_STOP_MILLIS = 30_000;

    private final I2pNode node;

    @Activate
    public I2pComponent(@Reference NodeEnvironment env, I2pConfig config) {
        this.node = new I2pNode(I2pSettings.from(config, env), env.tunnelSecret());
        node.start();
    }

    @Deactivate
    void deactivate() {
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

    @Override
    public String displayName() {
        return "I2P";
    }

    @Override
    public Optional<String> problem() {
        if (!routerDied()) {
            return Optional.empty();
        }
        return Optional.of(node.state() == I2pState.FAILED ? node.message() : "The I2P router stopped");
    }

    /** Restarts the stack (router, destination, tunnels) after its router died. */
    @Override
    public void repair() {
        node.stop(ROUTER_STOP_MILLIS);
        node.start();
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
        Optional<String> problem = problem();
        if (problem.isPresent()) {
            // the node's supervisor restarts it and says so in the status
            return new StackStatus("i2p", StackState.FAILED, problem.get(), node.details());
        }
        return new StackStatus("i2p", st, node.message(), node.details());
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
    public I2pHttpResponse httpPost(String url, String contentType, byte[] body, int maxBytes, Duration timeout) throws I2pException {
        return node.httpPost(url, contentType, body, maxBytes, timeout);
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
