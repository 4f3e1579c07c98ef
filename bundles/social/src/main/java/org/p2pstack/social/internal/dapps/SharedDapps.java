package org.p2pstack.social.internal.dapps;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.p2pstack.api.dapp.DappPermission;
import org.p2pstack.api.dapp.DappRegistry;
import org.p2pstack.api.dapp.DappState;
import org.p2pstack.api.dapp.DappStatus;
import org.p2pstack.api.follow.FollowService;
import org.p2pstack.api.i2p.I2pDestination;
import org.p2pstack.api.i2p.I2pException;
import org.p2pstack.api.i2p.I2pHttpResponse;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.api.ipfs.AddOptions;
import org.p2pstack.api.ipfs.IpfsService;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.profile.ProfileService;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.social.internal.dapps.DappPackages.BadPackageException;
import org.p2pstack.util.files.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * dApps shared between friends by IPFS CID. The author publishes a signed package (its jar and {@code dapp.json}
 * on IPFS, listed on their public site as {@code /dapps.json}); a friend previews it (signature, hash, author,
 * permissions, all checked before anything is shown as trustworthy) and installs it into {@code deploy/}, where the
 * core checks that it resolves and starts, and keeps the previous version running if it does not. Updates are
 * accepted only from the same author key with a higher version; a jar with code needs the owner's explicit trust.
 */
@Component(service = SharedDapps.class)
public final class SharedDapps {

    private static final Logger LOG = LoggerFactory.getLogger(SharedDapps.class);
    static final int MAX_LIST_BYTES = 64 * 1024;
    static final int MAX_LISTED = 100;
    static final Duration FRIEND_TIMEOUT = Duration.ofSeconds(60);
    static final Duration START_WAIT = Duration.ofSeconds(15);
    private static final Pattern CID = Pattern.compile("(Qm[1-9A-HJ-NP-Za-km-z]{44}|b[a-z2-7]{20,120})");
    private static final Pattern B32 = Pattern.compile("[a-z2-7]{52}\\.b32\\.i2p");

    private final IpfsService ipfs;
    private final I2pService i2p;
    private final ProfileService profiles;
    private final FollowService follows;
    private final DappRegistry registry;
    private final Path deployDir;
    private final Path dataDir;
    private final DappPackages packages = new DappPackages();
    private final Gson gson = new Gson();
    private final Object lock = new Object();

    /** Thrown with plain words for the owner, and the HTTP status that fits. */
    public static final class ShareException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        ShareException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    @Activate
    public SharedDapps(BundleContext context, @Reference IpfsService ipfs, @Reference I2pService i2p,
            @Reference ProfileService profiles, @Reference FollowService follows, @Reference DappRegistry registry,
            @Reference NodeEnvironment environment) {
        this.ipfs = ipfs;
        this.i2p = i2p;
        this.profiles = profiles;
        this.follows = follows;
        this.registry = registry;
        this.deployDir = Path.of(context.getProperty("karaf.base"), "deploy");
        this.dataDir = environment.dataDir("social").resolve("dapps");
    }

    // ---- publishing ----------------------------------------------------------------------------------------------

    /** Publishes the dApp named {@code name} from deploy/: its jar and signed package go to IPFS (pinned). */
    public Map<String, Object> publish(String name) throws ShareException {
        synchronized (lock) {
            Path jar = jarInDeploy(name).orElseThrow(() -> new ShareException(404,
                    "No dApp named '" + name + "' is in the deploy folder: only dApps you installed yourself can be shared."));
            try {
                JarFacts facts = JarFacts.read(jar);
                I2pDestination me = i2p.ownDestination().orElseThrow(() -> new ShareException(503,
                        "Your I2P identity is not ready yet; try again in a minute."));
                String nickname = profiles.profile().map(p -> p.nickname()).orElse("");
                String jarCid = ipfs.add(jar, AddOptions.KUBO_CID_V1);
                DappPackage p = new DappPackage(facts.name(), facts.version().isEmpty() ? "0.0.0" : facts.version(),
                        facts.title().isEmpty() ? facts.name() : facts.title(), facts.description(), facts.kind(), facts.apiRange(),
                        facts.permissionWords(), jarCid, sha256(jar), Files.size(jar), me.b64(), me.b32(), nickname,
                        System.currentTimeMillis());
                String body = packages.body(p);
                byte[] signature = i2p.signAsDestination(DappPackages.signedBytes(body));
                String cid = ipfs.add(new ByteArrayInputStream(packages.envelope(body, signature).getBytes(StandardCharsets.UTF_8)),
                        AddOptions.KUBO_CID_V1);
                Map<String, Object> entry = listing(p, cid);
                List<Map<String, Object>> all = new ArrayList<>(published());
                all.removeIf(e -> name.equals(e.get("name")));
                all.add(entry);
                Files.createDirectories(dataDir);
                AtomicFiles.write(publishedFile(), gson.toJson(all).getBytes(StandardCharsets.UTF_8), dataDir);
                LOG.info("dApp '{}' {} published as {}", p.name(), p.version(), cid);
                return entry;
            } catch (IOException e) {
                throw new ShareException(500, "Could not publish '" + name + "': " + e.getMessage());
            }
        }
    }

    /** What this node shares, newest first, for its public site and its owner. */
    public List<Map<String, Object>> published() {
        Path file = publishedFile();
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Map<String, Object>> out = new ArrayList<>();
            for (JsonElement e : JsonParser.parseString(Files.readString(file)).getAsJsonArray()) {
                out.add(gson.fromJson(e, Map.class));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot read {}: {}", file, e.getMessage());
            return List.of();
        }
    }

    // ---- a friend's dApps ------------------------------------------------------------------------------------------

    /** The dApps a person lists on their public site, fetched over I2P now (unverified until previewed). */
    public List<Map<String, Object>> friendDapps(String b32) throws ShareException {
        if (b32 == null || !B32.matcher(b32).matches()) {
            throw new ShareException(400, "That is not a p2pstack address (52 letters and digits, then .b32.i2p).");
        }
        I2pHttpResponse answer;
        try {
            answer = i2p.httpGet("http://" + b32 + "/dapps.json", MAX_LIST_BYTES, FRIEND_TIMEOUT);
        } catch (I2pException e) {
            throw new ShareException(504, "Could not reach " + b32 + " over I2P: " + e.getMessage());
        }
        if (answer.status() == 404) {
            return List.of();
        }
        if (answer.status() != 200) {
            throw new ShareException(502, "Their node answered " + answer.status() + " for its list of apps.");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        try {
            JsonArray array = JsonParser.parseString(new String(answer.body(), StandardCharsets.UTF_8)).getAsJsonArray();
            for (JsonElement e : array) {
                if (out.size() == MAX_LISTED) {
                    break;
                }
                JsonObject o = e.getAsJsonObject();
                String cid = o.get("cid").getAsString();
                if (!CID.matcher(cid).matches()) {
                    continue;
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("cid", cid);
                for (String key : List.of("name", "version", "title", "description", "kind")) {
                    String v = o.has(key) ? o.get(key).getAsString() : "";
                    entry.put(key, v.length() > DappPackages.MAX_TEXT ? v.substring(0, DappPackages.MAX_TEXT) : v);
                }
                out.add(entry);
            }
        } catch (RuntimeException e) {
            throw new ShareException(502, "Their list of apps could not be read.");
        }
        return out;
    }

    // ---- preview and install -----------------------------------------------------------------------------------

    /** The verified package behind {@code cid}, with what installing it would mean; changes nothing. */
    public Map<String, Object> preview(String cid) throws ShareException {
        DappPackage p = fetchVerified(cid);
        return describe(p, cid, checkAgainstInstalled(p));
    }

    /**
     * Fetches, verifies and installs. {@code trustFully} must be true for a jar with code (it runs inside the node).
     * Answers the dApp's state once the core has tried it (active, or failed with the reason).
     */
    public Map<String, Object> install(String cid, boolean trustFully) throws ShareException {
        synchronized (lock) {
            DappPackage p = fetchVerified(cid);
            String update = checkAgainstInstalled(p);
            Path jar = fetchJar(p);
            try {
                JarFacts facts = JarFacts.read(jar);
                if (!facts.name().equals(p.name()) || !facts.version().equals(p.version())
                        || !new HashSet<>(facts.permissionWords()).equals(new HashSet<>(p.permissions()))) {
                    throw new ShareException(422, "The jar does not match its package (name, version or permissions differ). "
                            + "It was not installed.");
                }
                if (facts.hasCode() && p.isStatic()) {
                    throw new ShareException(422, "The package says this app is pages only, but its jar carries code. "
                            + "It was not installed.");
                }
                if (facts.hasCode() && !trustFully) {
                    throw new ShareException(403, "'" + p.title() + "' contains Java code that would run inside your node with "
                            + "all its power. Install it only if you trust " + who(p) + " fully, and say so.");
                }
                Path target = deployDir.resolve(p.name() + ".jar");
                Path staged = deployDir.resolve("." + p.name() + ".jar.part");
                Files.move(jar, staged, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                AtomicFiles.move(staged, target);
                recordOrigin(p, cid);
                LOG.info("dApp '{}' {} from {} ({}) written to deploy/", p.name(), p.version(), who(p), cid);
            } catch (IOException e) {
                throw new ShareException(500, "Could not install '" + p.title() + "': " + e.getMessage());
            } finally {
                try {
                    Files.deleteIfExists(jar);
                } catch (IOException e) {
                    LOG.debug("temp jar", e);
                }
            }
            Map<String, Object> result = describe(p, cid, update);
            DappStatus status = awaitTried(p);
            result.put("state", status == null ? "installing" : status.state().name().toLowerCase(Locale.ROOT));
            result.put("reason", status == null ? "" : status.reason());
            result.put("url", "/dapps/" + p.name() + "/");
            return result;
        }
    }

    private DappPackage fetchVerified(String cid) throws ShareException {
        if (cid == null || !CID.matcher(cid.strip()).matches()) {
            throw new ShareException(400, "That is not an IPFS CID.");
        }
        try {
            long size = ipfs.size(cid.strip());
            if (size > DappPackages.MAX_PACKAGE_BYTES) {
                throw new ShareException(422, "That CID is not a dApp package (it is " + size + " bytes).");
            }
            byte[] bytes;
            try (InputStream in = ipfs.cat(cid.strip(), 0, DappPackages.MAX_PACKAGE_BYTES + 1L)) {
                bytes = in.readNBytes(DappPackages.MAX_PACKAGE_BYTES + 1);
            }
            return packages.verify(bytes);
        } catch (BadPackageException e) {
            throw new ShareException(422, e.getMessage());
        } catch (IOException e) {
            throw new ShareException(504, "Could not fetch the package from IPFS: " + e.getMessage());
        }
    }

    private Path fetchJar(DappPackage p) throws ShareException {
        try {
            long size = ipfs.size(p.jarCid());
            if (size != p.jarSize()) {
                throw new ShareException(422, "The jar on IPFS is " + size + " bytes, not the " + p.jarSize() + " its package says.");
            }
            Files.createDirectories(dataDir);
            Path tmp = Files.createTempFile(dataDir, "incoming-", ".jar");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = ipfs.cat(p.jarCid(), 0, p.jarSize());
                    OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                in.transferTo(out);
            }
            if (!HexFormat.of().formatHex(sha.digest()).equals(p.jarSha256())) {
                Files.deleteIfExists(tmp);
                throw new ShareException(422, "The jar's fingerprint (SHA-256) does not match its signed package. It was not installed.");
            }
            return tmp;
        } catch (IOException e) {
            throw new ShareException(504, "Could not fetch the app from IPFS: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "" for a fresh install, else the version it replaces; refuses what must not replace what is installed. */
    private String checkAgainstInstalled(DappPackage p) throws ShareException {
        Optional<DappStatus> installed = registry.all().stream().filter(s -> s.name().equals(p.name())).findFirst();
        if (installed.isEmpty()) {
            return "";
        }
        Map<String, String> origin = origins().get(p.name());
        if (origin == null) {
            throw new ShareException(409, "You already have an app named '" + p.name() + "' that did not come from "
                    + who(p) + "; remove it first if you want theirs.");
        }
        if (!origin.get("b32").equals(p.b32())) {
            throw new ShareException(409, "You already have '" + p.name() + "' from " + origin.get("b32")
                    + "; updates are accepted only from the same author.");
        }
        String current = installed.get().runningVersion().isEmpty() ? installed.get().version() : installed.get().runningVersion();
        if (compare(p.version(), current) <= 0) {
            throw new ShareException(409, "You already have '" + p.title() + "' " + current + "; this package is " + p.version() + ".");
        }
        return current;
    }

    private Map<String, Object> describe(DappPackage p, String cid, String replaces) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cid", cid);
        out.put("name", p.name());
        out.put("version", p.version());
        out.put("title", p.title());
        out.put("description", p.description());
        out.put("kind", p.kind());
        out.put("replaces", replaces);
        out.put("size", p.jarSize());
        out.put("api", p.api());
        List<Map<String, String>> permissions = new ArrayList<>();
        for (String word : p.permissions()) {
            DappPermission.fromHeaderValue(word)
                    .ifPresent(d -> permissions.add(Map.of("name", d.headerValue(), "meaning", d.plainWords())));
        }
        out.put("permissions", permissions);
        Map<String, Object> author = new LinkedHashMap<>();
        author.put("b32", p.b32());
        author.put("nickname", p.nickname());
        author.put("followed", followedNickname(p.b32()).isPresent());
        followedNickname(p.b32()).ifPresent(n -> author.put("knownAs", n));
        out.put("author", author);
        out.put("needsFullTrust", !p.isStatic());
        return out;
    }

    private Map<String, Object> listing(DappPackage p, String cid) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", p.name());
        entry.put("version", p.version());
        entry.put("title", p.title());
        entry.put("description", p.description());
        entry.put("kind", p.kind());
        entry.put("cid", cid);
        return entry;
    }

    private Optional<String> followedNickname(String b32) {
        for (ProfileRecord record : follows.followedRecords()) {
            if (record.b32().equals(b32)) {
                return Optional.of(record.nickname());
            }
        }
        return Optional.empty();
    }

    private String who(DappPackage p) {
        return followedNickname(p.b32()).orElse(p.nickname().isEmpty() ? p.b32() : p.nickname() + " (" + p.b32() + ")");
    }

    private DappStatus awaitTried(DappPackage p) {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (DappStatus s : registry.all()) {
                if (s.name().equals(p.name()) && s.version().equals(p.version())
                        && (s.state() == DappState.ACTIVE || s.state() == DappState.FAILED || s.state() == DappState.INVALID)) {
                    return s;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    // ---- files -------------------------------------------------------------------------------------------------

    private Optional<Path> jarInDeploy(String name) {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(deployDir, "*.jar")) {
            for (Path jar : jars) {
                try {
                    if (name.equals(JarFacts.read(jar).name())) {
                        return Optional.of(jar);
                    }
                } catch (IOException e) {
                    LOG.debug("skipping {}", jar, e);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", deployDir, e.getMessage());
        }
        return Optional.empty();
    }

    private void recordOrigin(DappPackage p, String cid) throws IOException {
        Map<String, Map<String, String>> all = new LinkedHashMap<>(origins());
        all.put(p.name(), Map.of("b32", p.b32(), "cid", cid, "version", p.version()));
        Files.createDirectories(dataDir);
        AtomicFiles.write(originsFile(), gson.toJson(all).getBytes(StandardCharsets.UTF_8), dataDir);
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, String>> origins() {
        Path file = originsFile();
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            return gson.fromJson(Files.readString(file), Map.class);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot read {}: {}", file, e.getMessage());
            return Map.of();
        }
    }

    private Path publishedFile() {
        return dataDir.resolve("published.json");
    }

    private Path originsFile() {
        return dataDir.resolve("origins.json");
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0;) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static int compare(String a, String b) {
        try {
            return Version.parseVersion(a).compareTo(Version.parseVersion(b));
        } catch (IllegalArgumentException e) {
            return a.compareTo(b);
        }
    }

    static Set<String> words(List<String> list) {
        return new HashSet<>(list);
    }
}
