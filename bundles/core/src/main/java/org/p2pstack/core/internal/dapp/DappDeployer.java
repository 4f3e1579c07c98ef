package org.p2pstack.core.internal.dapp;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.p2pstack.api.dapp.Dapp;
import org.p2pstack.api.dapp.DappDataKeeper;
import org.p2pstack.api.dapp.DappState;
import org.p2pstack.api.dapp.DappStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs what the owner drops into {@code deploy/} when it is a dApp, or cannot be a bundle at all, instead of
 * letting File Install take it blindly: the jar is checked before anything changes, a jar that is not a bundle is
 * reported rather than ignored, and an update that does not resolve or start is rolled back to the last version
 * that worked (kept in {@code data/p2pstack/dapps/}), with the reason shown to the owner.
 *
 * <p>Bundles get the location {@code p2pstack-dapp:<file name>}, so File Install never mistakes them for its own.
 */
@Component(service = { ArtifactInstaller.class, DappDeployer.class }, immediate = true)
public final class DappDeployer implements ArtifactInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(DappDeployer.class);
    static final String LOCATION_PREFIX = "p2pstack-dapp:";
    /** How long an update may take to settle (refresh) before it counts as failed. */
    static final long REFRESH_TIMEOUT_MS = 10_000;
    /**
     * How long SCR and immediate components get after a start before the deploy is judged. SCR reads a bundle's
     * components on its own thread, which can lag seconds behind on a busy machine; judging earlier let a dApp missing
     * a permission pass as running. A dApp that settles sooner is judged sooner.
     */
    static final long ACTIVATION_WAIT_MS = 10_000;

    private final BundleContext context;
    private final DappRegistryImpl registry;
    private final DappLanes lanes;
    private final ServiceComponentRuntime components;
    private final Path deployDir;
    private final Path keptDir;
    private final Object lock = new Object();

    @Activate
    public DappDeployer(BundleContext context, @Reference DappRegistryImpl registry, @Reference DappLanes lanes,
            @Reference ServiceComponentRuntime components) {
        this.context = context;
        this.registry = registry;
        this.lanes = lanes;
        this.components = components;
        this.deployDir = Path.of(context.getProperty("karaf.base"), "deploy").toAbsolutePath().normalize();
        this.keptDir = Path.of(context.getProperty("karaf.data"), "p2pstack", "dapps").toAbsolutePath().normalize();
        uninstallWhatWasDeletedWhileStopped();
    }

    @Override
    public boolean canHandle(File artifact) {
        Path file = artifact.toPath().toAbsolutePath().normalize();
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar") || !deployDir.equals(file.getParent())) {
            return false;
        }
        try {
            DappJar jar = DappJar.read(file);
            return jar.claimsToBeDapp() || !jar.isBundle();
        } catch (IOException e) {
            // too large: ours to report; unreadable (still being copied): let File Install try again later
            return artifact.length() > DappJar.MAX_JAR_BYTES;
        }
    }

    @Override
    public void install(File artifact) {
        deployReportingSurprises(artifact.toPath());
    }

    @Override
    public void update(File artifact) {
        deployReportingSurprises(artifact.toPath());
    }

    /** An unexpected failure still ends in a report, never in a dApp left "Starting…" for good. */
    private void deployReportingSurprises(Path file) {
        synchronized (lock) {
            try {
                deploy(file);
            } catch (RuntimeException e) {
                String source = file.getFileName().toString();
                LOG.warn("Installing {} failed", source, e);
                registry.report(source, new DappStatus(source, null, "", DappState.FAILED,
                        "Installing it failed: " + e, runningFrom(source), source, Set.of()));
            }
        }
    }

    @Override
    public void uninstall(File artifact) {
        synchronized (lock) {
            String source = artifact.getName();
            registry.forget(source);
            Bundle bundle = context.getBundle(LOCATION_PREFIX + source);
            if (bundle != null) {
                try {
                    bundle.uninstall();
                    refresh(bundle);
                    LOG.info("dApp from {} removed", source);
                } catch (BundleException e) {
                    LOG.warn("Could not remove the dApp from {}: {}", source, e.getMessage());
                }
            }
            deleteQuietly(kept(source));
        }
    }

    /** What removing a dApp did, for the owner. */
    public record Removal(String name, String title, boolean dataKept, List<String> released) {
    }

    /** Thrown when a dApp cannot be removed here; the message says why. */
    public static final class CannotRemove extends Exception {
        private static final long serialVersionUID = 1L;

        CannotRemove(String message) {
            super(message);
        }
    }

    /**
     * Removes the dApp named {@code name} that came from deploy/ (its jar is deleted there, it is uninstalled at once),
     * and, unless {@code keepData}, asks every {@link DappDataKeeper} to release what it holds for it.
     */
    public Removal remove(String name, boolean keepData) throws CannotRemove {
        DappStatus status = registry.all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new CannotRemove("No app named '" + name + "' is installed."));
        Path jar = deployDir.resolve(status.source()).normalize();
        if (!jar.getParent().equals(deployDir) || !Files.isRegularFile(jar)) {
            throw new CannotRemove("'" + status.title() + "' came with p2pstack (" + status.source()
                    + "); it is not removed from here.");
        }
        try {
            Files.delete(jar);
        } catch (IOException e) {
            throw new CannotRemove("Could not delete " + jar + ": " + e.getMessage());
        }
        uninstall(jar.toFile());
        List<String> released = new java.util.ArrayList<>();
        if (!keepData) {
            try {
                for (ServiceReference<DappDataKeeper> ref : context.getServiceReferences(DappDataKeeper.class, null)) {
                    DappDataKeeper keeper = context.getService(ref);
                    if (keeper == null) {
                        continue;
                    }
                    try {
                        String what = keeper.release(name);
                        if (what != null && !what.isBlank()) {
                            released.add(what);
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("Releasing the data of '{}' failed: {}", name, e.getMessage());
                    } finally {
                        context.ungetService(ref);
                    }
                }
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        LOG.info("dApp '{}' removed by the owner ({})", name, keepData ? "data kept" : "data released: " + released);
        return new Removal(name, status.title(), keepData, released);
    }

    private void deploy(Path file) {
        String source = file.getFileName().toString();
        DappJar jar;
        try {
            jar = DappJar.read(file);
        } catch (IOException e) {
            invalid(source, source, "", "It could not be read as a jar: " + e.getMessage());
            return;
        }
        String claimedName = Optional.ofNullable(jar.header(org.p2pstack.api.dapp.DappHeaders.NAME)).map(String::strip).orElse(source);
        if (!jar.isBundle()) {
            invalid(source, claimedName, "", "It is not an OSGi bundle: its manifest needs 'Bundle-ManifestVersion: 2' and a "
                    + "'Bundle-SymbolicName' (the dApp archetype and parent set both).");
            return;
        }
        Dapp dapp;
        try {
            dapp = jar.dapp().orElseThrow();
        } catch (DappManifest.InvalidDappException e) {
            invalid(source, claimedName, jar.version(), e.getMessage());
            return;
        }
        Bundle existing = context.getBundle(LOCATION_PREFIX + source);
        Optional<DappRegistryImpl.Installed> sameName = registry.installed(dapp.name());
        if (sameName.isPresent() && (existing == null || sameName.get().bundle().getBundleId() != existing.getBundleId())) {
            invalid(source, dapp.name(), jar.version(), "The name '" + dapp.name() + "' is already used by "
                    + DappRegistryImpl.sourceOf(sameName.get().bundle()) + "; rename one of them.");
            return;
        }
        if (existing == null) {
            adoptFromFileInstall(file, source);
            installFresh(file, source, dapp, jar);
        } else {
            updateKeepingTheLastGood(existing, file, source, dapp, jar);
        }
    }

    private void installFresh(Path file, String source, Dapp dapp, DappJar jar) {
        Bundle bundle;
        try (InputStream in = Files.newInputStream(file)) {
            bundle = context.installBundle(LOCATION_PREFIX + source, in);
        } catch (BundleException | IOException e) {
            failed(source, dapp, jar.version(), "", ResolutionMessages.explain(e.getMessage()));
            return;
        }
        starting(source, dapp, jar.version());
        String failure = startAndJudge(bundle);
        if (failure == null) {
            keep(file, source);
            registry.forget(source);
            LOG.info("dApp '{}' {} installed from {}", dapp.name(), jar.version(), source);
        } else {
            stopQuietly(bundle);
            failed(source, dapp, jar.version(), "", failure);
        }
    }

    private void updateKeepingTheLastGood(Bundle bundle, Path file, String source, Dapp dapp, DappJar jar) {
        Path kept = kept(source);
        if (bundle.getState() == Bundle.ACTIVE && Files.exists(kept) && sameBytes(kept, jar.sha256())) {
            registry.forget(source);
            return; // File Install tells us about every jar again at start; nothing changed
        }
        String failure;
        starting(source, dapp, jar.version());
        try (InputStream in = Files.newInputStream(file)) {
            // stopped first, so the update and the refresh do not each start it again: the new version starts once
            bundle.stop(Bundle.STOP_TRANSIENT);
            bundle.update(in);
            refresh(bundle);
            failure = startAndJudge(bundle);
        } catch (BundleException | IOException e) {
            failure = ResolutionMessages.explain(e.getMessage());
        }
        if (failure == null) {
            keep(file, source);
            registry.forget(source);
            LOG.info("dApp '{}' updated to {} from {}", dapp.name(), jar.version(), source);
            return;
        }
        LOG.warn("dApp '{}' {} from {} could not start: {}", dapp.name(), jar.version(), source, failure);
        if (!Files.exists(kept)) {
            stopQuietly(bundle);
            failed(source, dapp, jar.version(), "", failure);
            return;
        }
        String stillRunning = "";
        try (InputStream in = Files.newInputStream(kept)) {
            bundle.stop(Bundle.STOP_TRANSIENT);
            bundle.update(in);
            refresh(bundle);
            if (startAndJudge(bundle) == null) {
                stillRunning = bundle.getVersion().toString();
                LOG.info("dApp '{}': the previous version {} is running again", dapp.name(), stillRunning);
            }
        } catch (BundleException | IOException e) {
            LOG.warn("dApp '{}': the previous version could not be restored: {}", dapp.name(), e.getMessage());
        }
        failed(source, dapp, jar.version(), stillRunning, failure);
    }

    /**
     * A jar that was in deploy/ before this installer was registered (the node's first start) may have been installed
     * by File Install itself, under its file location; it is replaced by ours, so there are never two of it.
     */
    private void adoptFromFileInstall(Path file, String source) {
        for (Bundle bundle : context.getBundles()) {
            String location = bundle.getLocation();
            if (location.startsWith("file:") && location.endsWith("/" + source)) {
                try {
                    if (Path.of(java.net.URI.create(location)).toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
                        bundle.uninstall();
                        refresh(bundle);
                        LOG.info("{} was installed by File Install before the dApp installer was ready; installing it again", source);
                    }
                } catch (BundleException | IllegalArgumentException e) {
                    LOG.warn("Could not take over {} from File Install: {}", source, e.getMessage());
                }
            }
        }
    }

    /** Starts the bundle; null when it runs, else plain words on why it does not. */
    private String startAndJudge(Bundle bundle) {
        try {
            bundle.start();
        } catch (BundleException e) {
            Throwable cause = e.getCause();
            return ResolutionMessages.explain(e.getMessage() + (cause == null ? "" : " " + cause.getMessage()));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACTIVATION_WAIT_MS);
        while (true) {
            String verdict = judgeComponents(bundle);
            if (verdict == null || !verdict.isEmpty() || System.nanoTime() > deadline) {
                return verdict == null || verdict.isEmpty() ? null : verdict;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /**
     * Null when every immediate component is active; "" while one is still on its way; else why one failed or
     * waits for a service the dApp has no permission for.
     */
    private String judgeComponents(Bundle bundle) {
        Collection<ComponentDescriptionDTO> descriptions = components.getComponentDescriptionDTOs(bundle);
        // SCR reads a started bundle's components on its own time: until it has, nothing can be judged yet
        boolean settled = !descriptions.isEmpty() || bundle.getHeaders("").get("Service-Component") == null;
        for (ComponentDescriptionDTO description : descriptions) {
            Collection<ComponentConfigurationDTO> configurations = components.getComponentConfigurationDTOs(description);
            if (configurations.isEmpty() && description.defaultEnabled && !"require".equals(description.configurationPolicy)) {
                settled = false; // read, but not yet set up
            }
            for (ComponentConfigurationDTO configuration : configurations) {
                String component = description.name.substring(description.name.lastIndexOf('.') + 1);
                if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    return "Its component " + component + " failed to start: " + firstLine(configuration.failure);
                }
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    for (UnsatisfiedReferenceDTO unsatisfied : configuration.unsatisfiedReferences) {
                        String type = interfaceOf(description, unsatisfied.name);
                        String hidden = type == null ? null : lanes.whyHidden(bundle, type);
                        if (hidden != null) {
                            return "Its component " + component + " waits for " + hidden
                                    + " (declare it in P2PStack-Dapp-Permissions).";
                        }
                    }
                }
                if (description.immediate && configuration.state != ComponentConfigurationDTO.ACTIVE
                        && configuration.state != ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        && configuration.state != ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
                    settled = false;
                }
            }
        }
        return settled ? null : "";
    }

    private static String interfaceOf(ComponentDescriptionDTO description, String referenceName) {
        for (ReferenceDTO reference : description.references) {
            if (reference.name.equals(referenceName)) {
                return reference.interfaceName;
            }
        }
        return null;
    }

    /**
     * Until a start is judged the bundle is ACTIVE but may yet be failed (a component without its permission): the
     * owner sees it as starting, not as running.
     */
    private void starting(String source, Dapp dapp, String version) {
        registry.report(source, new DappStatus(dapp.name(), dapp.title(), version, DappState.INSTALLED,
                "Starting…", "", source, dapp.permissions()));
    }

    private void invalid(String source, String name, String version, String reason) {
        LOG.warn("{} in deploy/ is not installed as a dApp: {}", source, reason);
        registry.report(source, new DappStatus(name, null, version, DappState.INVALID, reason, runningFrom(source), source, Set.of()));
    }

    private void failed(String source, Dapp dapp, String version, String runningVersion, String reason) {
        LOG.warn("dApp '{}' {} from {} could not start: {}", dapp.name(), version, source, reason);
        registry.report(source, new DappStatus(dapp.name(), dapp.title(), version, DappState.FAILED, reason, runningVersion,
                source, dapp.permissions()));
    }

    /** The version still answering for {@code source}, when a bad file replaced a good one. */
    private String runningFrom(String source) {
        Bundle bundle = context.getBundle(LOCATION_PREFIX + source);
        return bundle != null && bundle.getState() == Bundle.ACTIVE ? bundle.getVersion().toString() : "";
    }

    private void refresh(Bundle bundle) {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> done.countDown());
        try {
            if (!done.await(REFRESH_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("Refreshing bundle {} took longer than {} ms", bundle.getBundleId(), REFRESH_TIMEOUT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A copy of the jar that worked, to roll back to; written atomically. */
    private void keep(Path file, String source) {
        try {
            Files.createDirectories(keptDir);
            Path tmp = keptDir.resolve("." + source + ".tmp");
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, kept(source), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Could not keep a copy of {} to roll back to: {}", source, e.getMessage());
        }
    }

    private Path kept(String source) {
        return keptDir.resolve(source);
    }

    private static boolean sameBytes(Path kept, String sha256) {
        try {
            return DappJar.sha256(kept).equals(sha256);
        } catch (IOException e) {
            return false;
        }
    }

    /** A jar deleted from deploy/ while the node was stopped takes its dApp with it at the next start. */
    private void uninstallWhatWasDeletedWhileStopped() {
        for (Bundle bundle : context.getBundles()) {
            String location = bundle.getLocation();
            if (location.startsWith(LOCATION_PREFIX)) {
                String source = location.substring(LOCATION_PREFIX.length());
                if (!Files.exists(deployDir.resolve(source))) {
                    try {
                        bundle.uninstall();
                        deleteQuietly(kept(source));
                        LOG.info("dApp from {} removed: its jar left deploy/ while the node was stopped", source);
                    } catch (BundleException e) {
                        LOG.warn("Could not remove the dApp from {}: {}", source, e.getMessage());
                    }
                }
            }
        }
    }

    private static void stopQuietly(Bundle bundle) {
        try {
            bundle.stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.debug("stopping {}", bundle.getBundleId(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("deleting {}", file, e);
        }
    }

    /** The innermost cause of a stack trace as text ("Caused by: x: why"), else its first line. */
    static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "no reason given";
        }
        String line = text.strip().lines().filter(l -> l.strip().startsWith("Caused by: ")).reduce((a, b) -> b)
                .map(l -> l.strip().substring("Caused by: ".length())).orElse(text.strip().lines().findFirst().orElse(""));
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }
}
