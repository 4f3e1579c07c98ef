package org.p2pstack.core.internal.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.p2pstack.api.node.NodeEnvironment;

/** Ports and data directories of this node, from the properties the launcher sets. */
@Component(service = NodeEnvironment.class)
public final class NodeEnvironmentImpl implements NodeEnvironment {

    /** Overrides where node data lives; the installer points it outside the program directory. */
    static final String DATA_PROPERTY = "p2pstack.data";
    /** Set by the launcher from {@code P2PSTACK_LOCAL_NETWORK}. */
    static final String LOCAL_NETWORK_PROPERTY = "p2pstack.network.local";
    private static final Pattern AREA = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final PortPlan ports;
    private final Path dataRoot;
    private final Path logFile;
    private final boolean localNetworkOnly;
    private final String tunnelSecret = randomSecret();

    @Activate
    public NodeEnvironmentImpl(BundleContext context) {
        this(PortPlan.from(context::getProperty), dataRoot(context), logDir(context).resolve("karaf.log"),
                Boolean.parseBoolean(context.getProperty(LOCAL_NETWORK_PROPERTY)));
    }

    NodeEnvironmentImpl(PortPlan ports, Path dataRoot, Path logFile, boolean localNetworkOnly) {
        this.ports = ports;
        this.dataRoot = dataRoot;
        this.logFile = logFile;
        this.localNetworkOnly = localNetworkOnly;
    }

    private static Path logDir(BundleContext context) {
        String log = context.getProperty("karaf.log");
        if (log != null && !log.isBlank()) {
            return Path.of(log);
        }
        String karafData = context.getProperty("karaf.data");
        return Path.of(karafData == null ? "data" : karafData, "log");
    }

    private static Path dataRoot(BundleContext context) {
        String configured = context.getProperty(DATA_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String karafData = context.getProperty("karaf.data");
        return Path.of(karafData == null ? "data" : karafData, "p2pstack");
    }

    @Override
    public int portOffset() {
        return ports.offset();
    }

    @Override
    public int port(int basePort) {
        return ports.shift(basePort);
    }

    @Override
    public int privatePort() {
        return ports.privatePort();
    }

    @Override
    public int publicPort() {
        return ports.publicPort();
    }

    @Override
    public int gatewayPort() {
        return ports.gatewayPort();
    }

    @Override
    public String tunnelSecret() {
        return tunnelSecret;
    }

    private static String randomSecret() {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    @Override
    public boolean localNetworkOnly() {
        return localNetworkOnly;
    }

    @Override
    public Path dataDir(String area) {
        if (area == null || !AREA.matcher(area).matches()) {
            throw new IllegalArgumentException("Invalid data area name: " + area);
        }
        Path dir = dataRoot.resolve(area);
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                ownerOnly(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dir, e);
        }
    }

    private static void ownerOnly(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the user's profile directory is already private to the user
        }
    }
}
