package org.p2pstack.core.internal.status;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.time.Clock;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.p2pstack.api.status.NodeStatus;
import org.p2pstack.api.status.Backoff;
import org.p2pstack.api.status.NodeStatusService;
import org.p2pstack.api.status.SelfRepairing;
import org.p2pstack.api.status.StackStatusProvider;

/**
 * The node's status: version, uptime, one entry per stack, identity. It also runs the stacks' supervision:
 * every {@link SelfRepairing} stack is checked each second and repaired with back-off, and its status
 * entry says so.
 */
@Component(service = NodeStatusService.class, configurationPid = "org.p2pstack.core")
@Designate(ocd = NodeStatusServiceImpl.Config.class)
public final class NodeStatusServiceImpl implements NodeStatusService {

    @ObjectClassDefinition(name = "p2pstack core", description = "Core settings of the p2pstack node")
    public @interface Config {
        @AttributeDefinition(description = "Stacks always listed in the status, shown as absent when not installed")
        String[] knownStacks() default { "i2p", "ipfs", "swarm", "torrent" };
    }

    // Stacks come and go with their bundles while the node runs, so this is the one dynamic
    // reference: constructor injection cannot follow services that appear after activation.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<StackStatusProvider> providers = new CopyOnWriteArrayList<>();

    private final StatusAssembler assembler;
    private final String version;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "p2pstack-supervisor"));
    private final ExecutorService repairs = Executors.newCachedThreadPool(r -> daemon(r, "p2pstack-repair"));
    private final StackSupervisor supervisor = new StackSupervisor(Backoff.DEFAULT, Clock.systemDefaultZone(), repairs);

    @Activate
    public NodeStatusServiceImpl(BundleContext context, Config config) {
        this.assembler = new StatusAssembler(Arrays.asList(config.knownStacks()));
        String declared = context.getBundle().getHeaders().get("P2PStack-Version");
        this.version = declared != null ? declared : context.getBundle().getVersion().toString();
        checks.scheduleWithFixedDelay(supervisor::check, 1, 1, TimeUnit.SECONDS);
    }

    // Like the providers, self-repairing stacks come and go with their bundles.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSelfRepairing(SelfRepairing stack) {
        supervisor.add(stack);
    }

    void removeSelfRepairing(SelfRepairing stack) {
        supervisor.remove(stack);
    }

    @Deactivate
    void deactivate() {
        checks.shutdownNow();
        repairs.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public NodeStatus status() {
        long uptimeSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        return assembler.assemble(version, uptimeSeconds, List.copyOf(providers), supervisor);
    }

    @Override
    public List<String> stackNames() {
        return assembler.order(List.copyOf(providers));
    }
}
