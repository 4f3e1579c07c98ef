package org.p2pstack.core.internal.dapp;

import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.p2pstack.api.dapp.DappHeaders;
import org.p2pstack.api.dapp.DappRegistry;
import org.p2pstack.api.dapp.DappState;
import org.p2pstack.api.dapp.DappStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the active bundles that carry dApp headers (the same idea as openHAB's JarFileAddonService): a jar
 * dropped into {@code deploy/} becomes a dApp as soon as it starts, and disappears when it stops or is removed.
 * It also keeps what went wrong — jars that are not dApps after all, updates that failed, registrations refused
 * by the lanes — so the owner sees every dApp with its state and the reason, not only the healthy ones.
 */
@Component(service = { DappRegistry.class, DappRegistryImpl.class })
public final class DappRegistryImpl implements DappRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(DappRegistryImpl.class);
    /** What the owner sees as the source of a dApp that came with the node. */
    static final String BUILT_IN = "built in";
    /** Refusals kept per dApp: enough to explain, bounded against a bundle that registers in a loop. */
    static final int MAX_REFUSALS = 8;

    private final BundleContext context;
    private final Map<String, Installed> byName = new ConcurrentHashMap<>();
    /** Problems by source (a file in deploy/, or a bundle location), newest wins. */
    private final Map<String, DappStatus> reports = new ConcurrentHashMap<>();
    /** Web registrations refused by the lanes, by bundle id. */
    private final Map<Long, List<String>> refusals = new ConcurrentHashMap<>();
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
        this.context = context;
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

    @Override
    public List<DappStatus> all() {
        List<DappStatus> all = new ArrayList<>();
        Set<String> sources = new HashSet<>();
        for (Installed installed : byName.values()) {
            Dapp dapp = installed.dapp();
            String source = sourceOf(installed.bundle());
            sources.add(source);
            DappStatus report = reports.get(source);
            if (report != null && report.state() != DappState.ACTIVE) {
                all.add(report); // a failed update: the report names the version that keeps running
            } else {
                List<String> refused = refusals.getOrDefault(installed.bundle().getBundleId(), List.of());
                all.add(new DappStatus(dapp.name(), dapp.title(), dapp.version(), DappState.ACTIVE,
                        String.join("; ", refused), dapp.version(), source, dapp.permissions()));
            }
        }
        reports.forEach((source, report) -> {
            if (!sources.contains(source)) {
                all.add(report);
            }
        });
        for (Bundle bundle : context.getBundles()) {
            String source = sourceOf(bundle);
            if (bundle.getState() != Bundle.ACTIVE && bundle.getHeaders("").get(DappHeaders.NAME) != null
                    && !reports.containsKey(source) && !sources.contains(source)) {
                all.add(new DappStatus(bundle.getHeaders("").get(DappHeaders.NAME).strip(), null,
                        bundle.getVersion().toString(), DappState.INSTALLED,
                        "It is installed but not running; 'bundle:diag " + bundle.getBundleId() + "' in the console says why.",
                        "", source, Set.of()));
            }
        }
        all.sort(Comparator.comparing(DappStatus::name).thenComparing(DappStatus::source));
        return all;
    }

    /** The dApp and its bundle, for serving files. */
    public Optional<Installed> installed(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    /** What went wrong with {@code source}; replaces an earlier report. */
    void report(String source, DappStatus status) {
        reports.put(source, status);
    }

    /** {@code source} is healthy again, or gone. */
    void forget(String source) {
        reports.remove(source);
    }

    /** The report about {@code source}, if any. */
    Optional<DappStatus> reportFor(String source) {
        return Optional.ofNullable(reports.get(source));
    }

    /** A registration of {@code bundle} the lanes refused, for the owner to see. */
    void refused(Bundle bundle, String name, String what) {
        List<String> list = refusals.computeIfAbsent(bundle.getBundleId(), id -> new java.util.concurrent.CopyOnWriteArrayList<>());
        if (list.size() < MAX_REFUSALS && !list.contains(what)) {
            list.add(what);
        }
        if (name == null) {
            report(sourceOf(bundle), new DappStatus(String.valueOf(bundle.getHeaders("").get(DappHeaders.NAME)), null,
                    bundle.getVersion().toString(), DappState.INVALID, what, "", sourceOf(bundle), Set.of()));
        }
    }

    /** The file name in deploy/ for a bundle the node installed from there; "built in" for the node's own. */
    static String sourceOf(Bundle bundle) {
        String location = bundle.getLocation();
        if (location.startsWith(DappDeployer.LOCATION_PREFIX)) {
            return location.substring(DappDeployer.LOCATION_PREFIX.length());
        }
        return location.startsWith("mvn:") ? BUILT_IN : location;
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
                report(sourceOf(bundle), new DappStatus(String.valueOf(bundle.getHeaders("").get(DappHeaders.NAME)).strip(),
                        null, bundle.getVersion().toString(), DappState.INVALID, e.getMessage(), "", sourceOf(bundle), Set.of()));
                return null;
            }
            if (dapp.isEmpty()) {
                return null;
            }
            Installed previous = byName.putIfAbsent(dapp.get().name(), new Installed(dapp.get(), bundle));
            if (previous != null && previous.bundle().getBundleId() != bundle.getBundleId()) {
                String reason = "The name '" + dapp.get().name() + "' is already used by " + sourceOf(previous.bundle()) + ".";
                LOG.warn("dApp name '{}' of bundle {} is already used by bundle {}; ignoring the newer one",
                        dapp.get().name(), bundle.getBundleId(), previous.bundle().getBundleId());
                report(sourceOf(bundle), new DappStatus(dapp.get().name(), dapp.get().title(), dapp.get().version(),
                        DappState.INVALID, reason, "", sourceOf(bundle), dapp.get().permissions()));
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
            refusals.remove(bundle.getBundleId());
            LOG.info("dApp '{}' removed", dapp.name());
        }
    }
}
