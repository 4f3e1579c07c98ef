package org.p2pstack.core.internal.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.p2pstack.api.identity.IdentityBackupException;
import org.p2pstack.api.identity.IdentityBackupException.Reason;
import org.p2pstack.api.identity.IdentityBackupService;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.util.files.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonParser;

/**
 * Backs up and restores the owner's identity ({@link IdentityFiles}) as one {@link BackupFile}.
 * <p>
 * A restore first opens and checks the whole file; only then does it stop the bundles that hold the identity (social,
 * swarm, IPFS, I2P: they read their keys when they start), move the files they had aside to
 * {@code data/p2pstack/identity-replaced-<time>/}, write the restored ones atomically and start the bundles again.
 * The signed profile record then continues from a sequence number above any the old computer can have published
 * (the restore time in seconds), so friends take the next record as newer.
 */
@Component(service = IdentityBackupService.class)
public final class IdentityBackupServiceImpl implements IdentityBackupService {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityBackupServiceImpl.class);
    private static final DateTimeFormatter ASIDE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path dataRoot;
    private final BackupFile format;
    private final BundleContext bundles;
    private final Clock clock;

    @Activate
    public IdentityBackupServiceImpl(@Reference NodeEnvironment environment, BundleContext context) {
        this(environment.dataDir("core").getParent(), new BackupFile(new SecureRandom()), context, Clock.systemDefaultZone());
    }

    IdentityBackupServiceImpl(Path dataRoot, BackupFile format, BundleContext bundles, Clock clock) {
        this.dataRoot = dataRoot;
        this.format = format;
        this.bundles = bundles;
        this.clock = clock;
    }

    @Override
    public byte[] backup(char[] passphrase) throws IdentityBackupException {
        checkPassphrase(passphrase);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : IdentityFiles.ALL) {
            Path file = dataRoot.resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    files.put(name, Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new IdentityBackupException(Reason.NODE, "Could not read " + name + ": " + e.getMessage(), e);
                }
            }
        }
        if (!files.containsKey(IdentityFiles.I2P_DESTINATION)) {
            throw new IdentityBackupException(Reason.NODE,
                    "This node has no I2P address yet, so there is no identity to back up. Try again once I2P is running.");
        }
        LOG.info("Identity backed up ({} files)", files.size());
        return format.seal(files, passphrase);
    }

    @Override
    public synchronized Restored restore(byte[] backup, char[] passphrase, boolean replace) throws IdentityBackupException {
        Map<String, byte[]> files = format.open(backup, passphrase == null ? new char[0] : passphrase);
        // a fresh install has keys but no profile yet: nobody knows it, so nothing needs asking
        boolean hasIdentity = Files.isRegularFile(dataRoot.resolve(IdentityFiles.PROFILE));
        String b32 = b32(files.get(IdentityFiles.I2P_DESTINATION));
        if (hasIdentity && !replace) {
            throw new IdentityBackupException(Reason.HAS_IDENTITY, "This node already has an identity of its own. Restoring "
                    + "replaces it with " + b32 + "; the current one is kept aside, not deleted. Confirm to go on.");
        }
        List<Bundle> stopped = stopIdentityBundles();
        Path aside = dataRoot.resolve("identity-replaced-" + LocalDateTime.now(clock).format(ASIDE));
        try {
            boolean movedAny = false;
            for (String name : IdentityFiles.ALL) {
                Path current = dataRoot.resolve(name);
                if (Files.isRegularFile(current)) {
                    Files.createDirectories(aside.resolve(name).getParent());
                    Files.move(current, aside.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    movedAny = true;
                }
            }
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = dataRoot.resolve(f.getKey());
                Files.createDirectories(target.getParent());
                AtomicFiles.write(target, f.getValue(), target.getParent().resolve("tmp"));
            }
            // above any sequence the old computer can have signed since the backup (it counts up by one a change)
            Path floor = dataRoot.resolve(IdentityFiles.SEQ_FLOOR);
            AtomicFiles.write(floor, Long.toString(clock.millis() / 1000).getBytes(StandardCharsets.US_ASCII),
                    floor.getParent().resolve("tmp"));
            LOG.info("Identity {} restored{}", b32, movedAny ? "; the one it replaced is in " + aside : "");
            return new Restored(b32, nickname(files.get("profile/profile.json")), movedAny ? aside : null);
        } catch (IOException e) {
            throw new IdentityBackupException(Reason.NODE, "The backup could not be written: " + e.getMessage()
                    + ". What this node had is in " + aside + ".", e);
        } finally {
            startAgain(stopped);
        }
    }

    static void checkPassphrase(char[] passphrase) throws IdentityBackupException {
        if (passphrase == null || passphrase.length < MIN_PASSPHRASE) {
            throw new IdentityBackupException(Reason.BAD_INPUT, "Choose a passphrase of at least " + MIN_PASSPHRASE
                    + " characters. Anyone who has the file and guesses it becomes you, so make it one you do not use elsewhere.");
        }
    }

    private List<Bundle> stopIdentityBundles() throws IdentityBackupException {
        List<Bundle> stopped = new ArrayList<>();
        if (bundles == null) {
            return stopped; // unit tests
        }
        for (String name : IdentityFiles.BUNDLES) {
            for (Bundle b : bundles.getBundles()) {
                if (name.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                    try {
                        b.stop(Bundle.STOP_TRANSIENT);
                        stopped.add(b);
                    } catch (BundleException e) {
                        startAgain(stopped);
                        throw new IdentityBackupException(Reason.NODE, "Could not pause " + name + " to restore: " + e.getMessage(), e);
                    }
                }
            }
        }
        return stopped;
    }

    private static void startAgain(List<Bundle> stopped) {
        for (int i = stopped.size() - 1; i >= 0; i--) {
            try {
                stopped.get(i).start(Bundle.START_TRANSIENT);
            } catch (BundleException | IllegalStateException e) {
                LOG.error("Could not start {} again after the restore", stopped.get(i).getSymbolicName(), e);
            }
        }
    }

    private static String nickname(byte[] profile) {
        try {
            return profile == null ? "" : JsonParser.parseString(new String(profile, StandardCharsets.UTF_8))
                    .getAsJsonObject().get("nickname").getAsString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The b32 address of the destination at the start of an I2P key file (public key, signing key, certificate). */
    static String b32(byte[] keys) throws IdentityBackupException {
        if (keys == null || keys.length < 387) {
            throw new IdentityBackupException(Reason.BAD_INPUT, "The backup's I2P key is damaged. Nothing was changed.");
        }
        int length = 387 + ((keys[385] & 0xff) << 8 | keys[386] & 0xff);
        if (length > keys.length) {
            throw new IdentityBackupException(Reason.BAD_INPUT, "The backup's I2P key is damaged. Nothing was changed.");
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOf(keys, length));
            return base32(hash) + ".b32.i2p";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // I2pAddress.ofDestination does this for the bundles that use I2P; the core may not import a stack's API
    private static String base32(byte[] bytes) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = buffer << 8 | b & 0xff;
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt(buffer >> bits - 5 & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt(buffer << 5 - bits & 31));
        }
        return out.toString();
    }
}
