package org.p2pstack.core.internal.dapp;

import java.net.URL;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.p2pstack.api.dapp.Dapp;
import org.p2pstack.api.dapp.DappRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the active bundles that carry dApp headers (the same idea as openHAB's JarFileAddonService):
 * a jar dropped into {@code deploy/} becomes a dApp as soon as Karaf starts it, and disappears when it
 * stops or is removed.
 */
@Component(service = { DappRegistry.class, DappRegistryImpl.class })
public final class DappRegistryImpl implements DappRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(DappRegistryImpl.class);

    private final Map<String, Installed> byName = new ConcurrentHashMap<>();
    private final BundleTracker<Dapp> tracker;

    /** A dApp together with the bundle that serves its files. */
    public record Installed(Dapp dapp, Bundle bundle) {
        /** The file at {@code relativePath} below the dApp's web root, or null. */
        public URL entry(String relativePath) {
            return bundle.getEntry(dapp.webRoot() + "/" + relativePath);
        }
    }

    @Activate
    public DappRegistryImpl(BundleContext context) {
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, new Customizer());
        tracker.open();
    }

    @Deactivate
    void close() {
        tracker.close();
    }

    @Override
    public List<Dapp> list() {
        return byName.values().stream().map(Installed::dapp)
                .sorted(Comparator.comparing(Dapp::title, String.CASE_INSENSITIVE_ORDER).thenComparing(Dapp::name))
                .toList();
    }

    @Override
    public Optional<Dapp> find(String name) {
        return installed(name).map(Installed::dapp);
    }

    /** The dApp and its bundle, for serving files. */
    public Optional<Installed> installed(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    private final class Customizer implements BundleTrackerCustomizer<Dapp> {
        @Override
        public Dapp addingBundle(Bundle bundle, BundleEvent event) {
            Optional<Dapp> dapp;
            try {
                dapp = DappManifest.parse(h -> bundle.getHeaders().get(h), bundle.getBundleId());
            } catch (DappManifest.InvalidDappException e) {
                LOG.warn("Bundle {} ({}) is not installed as a dApp: {}", bundle.getSymbolicName(), bundle.getLocation(),
                        e.getMessage());
                return null;
            }
            if (dapp.isEmpty()) {
                return null;
            }
            Installed previous = byName.putIfAbsent(dapp.get().name(), new Installed(dapp.get(), bundle));
            if (previous != null && previous.bundle().getBundleId() != bundle.getBundleId()) {
                LOG.warn("dApp name '{}' of bundle {} is already used by bundle {}; ignoring the newer one",
                        dapp.get().name(), bundle.getBundleId(), previous.bundle().getBundleId());
                return null;
            }
            LOG.info("dApp '{}' available at {}", dapp.get().name(), dapp.get().url());
            return dapp.get();
        }

        @Override
        public void modifiedBundle(Bundle bundle, BundleEvent event, Dapp dapp) {
            // headers only change through an update, which the tracker sees as remove + add
        }

        @Override
        public void removedBundle(Bundle bundle, BundleEvent event, Dapp dapp) {
            byName.computeIfPresent(dapp.name(),
                    (name, installed) -> installed.bundle().getBundleId() == bundle.getBundleId() ? null : installed);
            LOG.info("dApp '{}' removed", dapp.name());
        }
    }
}
