package org.p2pstack.core.internal.dapp;

import java.util.Collection;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.p2pstack.api.dapp.DappHeaders;
import org.p2pstack.api.dapp.DappPermission;
import org.p2pstack.core.internal.dapp.LaneRules.Lane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each dApp in its lane, at the service layer: a web registration by a dApp outside {@code /dapps/<name>/}
 * is hidden from the web server (and everyone else), and the node's services a dApp has no permission for are
 * hidden from it. It is a lane, not a sandbox: Java code inside the node can still reach around it, which is why a
 * Java dApp from someone else needs the owner's explicit trust.
 */
@Component(service = { FindHook.class, EventListenerHook.class, DappLanes.class }, immediate = true)
public final class DappLanes implements FindHook, EventListenerHook {

    private static final Logger LOG = LoggerFactory.getLogger(DappLanes.class);

    private final BundleContext context;
    private final DappRegistryImpl registry;
    private final Map<Long, Optional<Lane>> lanes = new ConcurrentHashMap<>();
    private final SynchronousBundleListener forgetOnChange;

    @Activate
    public DappLanes(BundleContext context, @Reference DappRegistryImpl registry) {
        this.context = context;
        this.registry = registry;
        this.forgetOnChange = event -> {
            if (event.getType() == BundleEvent.UPDATED || event.getType() == BundleEvent.UNINSTALLED
                    || event.getType() == BundleEvent.UNRESOLVED) {
                lanes.remove(event.getBundle().getBundleId());
            }
        };
        context.addBundleListener(forgetOnChange);
        restartDappsRegisteredBeforeUs();
    }

    @Deactivate
    void close() {
        context.removeBundleListener(forgetOnChange);
    }

    @Override
    public void find(BundleContext finder, String name, String filter, boolean allServices,
            Collection<ServiceReference<?>> references) {
        Bundle finderBundle = finder.getBundle();
        Optional<Lane> finderLane = laneOf(finderBundle);
        for (Iterator<ServiceReference<?>> it = references.iterator(); it.hasNext();) {
            ServiceReference<?> reference = it.next();
            if (!visible(reference, finderBundle, finderLane)) {
                it.remove();
            }
        }
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        ServiceReference<?> reference = event.getServiceReference();
        Bundle registrant = reference.getBundle();
        if (registrant == null) {
            return;
        }
        String refusal = webRefusal(reference);
        if (refusal != null && event.getType() == ServiceEvent.REGISTERED) {
            Lane lane = laneOf(registrant).orElseThrow();
            LOG.warn("dApp bundle {} ({}): {}", registrant.getBundleId(), registrant.getSymbolicName(), refusal);
            registry.refused(registrant, lane.name(), refusal);
        }
        for (Iterator<BundleContext> it = listeners.keySet().iterator(); it.hasNext();) {
            Bundle listener = it.next().getBundle();
            if (!visible(reference, listener, laneOf(listener))) {
                it.remove();
            }
        }
    }

    private boolean visible(ServiceReference<?> reference, Bundle viewer, Optional<Lane> viewerLane) {
        Bundle registrant = reference.getBundle();
        if (viewer == null || registrant == null || viewer.getBundleId() == 0 || viewer.getBundleId() == registrant.getBundleId()) {
            return true;
        }
        if (viewer.getBundleId() == context.getBundle().getBundleId()) {
            return true; // the core itself, which reports what it refused
        }
        if (webRefusal(reference) != null) {
            return false;
        }
        return viewerLane.isEmpty() || LaneRules.hiddenService(viewerLane.get(), objectClasses(reference)) == null;
    }

    /** Null unless the service is a dApp's web registration outside its lane. */
    private String webRefusal(ServiceReference<?> reference) {
        Optional<Lane> lane = laneOf(reference.getBundle());
        if (lane.isEmpty()) {
            return null;
        }
        return LaneRules.refusal(lane.get(), objectClasses(reference), properties(reference));
    }

    /** The lane of a bundle that carries dApp headers, or empty for every other bundle. Cached: hooks run often. */
    Optional<Lane> laneOf(Bundle bundle) {
        if (bundle == null) {
            return Optional.empty();
        }
        return lanes.computeIfAbsent(bundle.getBundleId(), id -> {
            Dictionary<String, String> headers = bundle.getHeaders("");
            String name = headers.get(DappHeaders.NAME);
            if (name == null) {
                return Optional.empty();
            }
            String trimmed = name.strip();
            Set<DappPermission> permissions;
            try {
                permissions = DappManifest.permissions(headers.get(DappHeaders.PERMISSIONS));
            } catch (DappManifest.InvalidDappException e) {
                permissions = DappPermission.none();
            }
            return Optional.of(new Lane(DappManifest.NAME.matcher(trimmed).matches() ? trimmed : null, permissions));
        });
    }

    /** Why a dApp bundle cannot see a service it asks for, or null; used to explain an unsatisfied reference. */
    String whyHidden(Bundle dapp, String serviceType) {
        return laneOf(dapp).map(lane -> LaneRules.hiddenService(lane, new String[] { serviceType })).orElse(null);
    }

    private static String[] objectClasses(ServiceReference<?> reference) {
        Object value = reference.getProperty(Constants.OBJECTCLASS);
        return value instanceof String[] types ? types : new String[0];
    }

    private static Map<String, Object> properties(ServiceReference<?> reference) {
        Map<String, Object> properties = new HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            properties.put(key, reference.getProperty(key));
        }
        return properties;
    }

    /**
     * A dApp that started before the hooks were registered may already have a registration out of its lane; starting
     * it again sends its registrations through the hooks.
     */
    private void restartDappsRegisteredBeforeUs() {
        for (Bundle bundle : context.getBundles()) {
            if (laneOf(bundle).isEmpty() || bundle.getState() != Bundle.ACTIVE) {
                continue;
            }
            ServiceReference<?>[] registered = bundle.getRegisteredServices();
            if (registered == null || List.of(registered).stream().allMatch(r -> webRefusal(r) == null)) {
                continue;
            }
            try {
                bundle.stop(Bundle.STOP_TRANSIENT);
                bundle.start(Bundle.START_TRANSIENT);
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("Could not restart dApp bundle {} to keep it in its lane: {}", bundle.getBundleId(), e.getMessage());
            }
        }
    }
}
