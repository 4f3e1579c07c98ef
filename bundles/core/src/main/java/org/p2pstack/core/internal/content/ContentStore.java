package org.p2pstack.core.internal.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.p2pstack.api.content.ContentEvent;
import org.p2pstack.api.content.ContentException;
import org.p2pstack.api.content.ContentException.Reason;
import org.p2pstack.api.content.ContentItem;
import org.p2pstack.api.content.ContentItem.Origin;
import org.p2pstack.api.content.ContentLibrary;
import org.p2pstack.api.content.ContentLibrary.Thumbnail;
import org.p2pstack.core.internal.content.media.StreamableVideo;
import org.p2pstack.util.files.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared folder and its in-memory index. The folder is the truth: the index is rebuilt from it at start
 * and reconciled with it whenever the watcher reports a change.
 *
 * <p>Adding an item: the bytes are streamed to a temp file in {@code .p2pstack-tmp} (same file system),
 * hashed and sniffed on the way, fsynced; then, under the lock, the sidecar is written atomically first and
 * the media file renamed into place last. A crash leaves either a complete pair, or a sidecar without media
 * (removed at the next start) and a temp file (removed at the next start): nothing half-written is listed.
 */
public final class ContentStore {

    /** Hidden folder inside the shared folder for uploads in progress. */
    public static final String TEMP_DIR = ".p2pstack-tmp";
    static final String SIDECAR_SUFFIX = ".json";
    static final int BUFFER = 256 * 1024;
    static final int MAX_PROBLEMS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(ContentStore.class);
    private static final DateTimeFormatter FALLBACK_NAME = DateTimeFormatter.ofPattern("'video-'yyyy-MM-dd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Path folder;
    private final Path temp;
    private final long maxBytes;
    private final Consumer<ContentEvent> events;
    private final Consumer<List<String>> problemSink;
    private final Clock clock;
    private final Object lock = new Object();
    private final Map<String, ContentItem> byId = new ConcurrentHashMap<>();
    /** Hashes uploads beside the threads that receive them (see {@link StreamedCopy}). */
    private final ExecutorService hasher = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "p2pstack-upload-hash");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> problems = new java.util.LinkedHashMap<>(); // file name -> problem
    /** Makes uploaded videos streamable before their checksum is taken. */
    private volatile Streamable streamable = StreamableVideo::prepareInPlace;

    /**
     * Rewrites a video in place so that it can be played while it arrives (see
     * {@link StreamableVideo#prepareInPlace}); true when the file changed.
     */
    @FunctionalInterface
    public interface Streamable {
        boolean prepare(Path file) throws IOException;
    }

    public ContentStore(Path folder, long maxBytes, Consumer<ContentEvent> events, Clock clock) {
        this(folder, maxBytes, events, problems -> { }, clock);
    }

    public ContentStore(Path folder, long maxBytes, Consumer<ContentEvent> events, Consumer<List<String>> problemSink,
            Clock clock) {
        this.problemSink = problemSink;
        this.folder = folder.toAbsolutePath().normalize();
        this.temp = this.folder.resolve(TEMP_DIR);
        this.maxBytes = maxBytes;
        this.events = events;
        this.clock = clock;
    }

    public Path folder() {
        return folder;
    }

    /** Replaces how uploads are made streamable (tests); null for not at all. */
    public void streamable(Streamable preparer) {
        this.streamable = preparer == null ? file -> false : preparer;
    }

    /**
     * Makes an upload (a file the node writes itself, still in its temporary folder) streamable; one that cannot
     * be rewritten (damaged) stays as it is.
     */
    private boolean prepare(Path file) {
        try {
            return streamable.prepare(file);
        } catch (IOException | RuntimeException e) {
            LOG.info("{} stays as it is: it cannot be made streamable ({})", file.getFileName(), e.getMessage());
            return false;
        }
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Creates the folder if needed, clears interrupted uploads and orphan sidecars, and indexes every item. */
    public void rebuild() throws IOException {
        Files.createDirectories(folder);
        synchronized (lock) {
            clearTemp();
            List<String> names = listNames();
            for (String name : names) {
                if (isSidecarName(name) && !Files.exists(folder.resolve(mediaNameOf(name)), LinkOption.NOFOLLOW_LINKS)) {
                    LOG.info("Removing {}: its media file is gone (an interrupted upload or a file removed by hand)", name);
                    Files.deleteIfExists(folder.resolve(name));
                }
            }
            for (ContentItem item : List.copyOf(byId.values())) {
                if (!Files.isRegularFile(folder.resolve(item.fileName()))) {
                    byId.remove(item.id());
                    events.accept(new ContentEvent(ContentEvent.Type.REMOVED, item));
                }
            }
        }
        for (String name : listNames()) {
            if (MediaTypes.isMediaName(name)) {
                reconcile(name);
            }
        }
    }

    /** Brings the index in line with the folder for one file name (media or sidecar). */
    public void reconcile(String name) {
        if (name == null || name.startsWith(".") || name.contains("/") || name.contains("\\")) {
            return;
        }
        if (isSidecarName(name)) {
            name = mediaNameOf(name);
        }
        if (!MediaTypes.isMediaName(name)) {
            return;
        }
        try {
            reconcileMedia(name);
        } catch (IOException e) {
            report(name, "Could not read " + name + " in the shared folder: " + e.getMessage());
        }
    }

    private void reconcileMedia(String name) throws IOException {
        Path media = folder.resolve(name);
        Path sidecarFile = folder.resolve(name + SIDECAR_SUFFIX);
        String id = idOf(name);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(media, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            attrs = null;
        }
        if (attrs == null || !attrs.isRegularFile()) {
            synchronized (lock) {
                if (Files.exists(media, LinkOption.NOFOLLOW_LINKS)) {
                    return; // came back meanwhile; its own event follows
                }
                ContentItem old = byId.remove(id);
                Files.deleteIfExists(sidecarFile);
                clearProblem(name);
                if (old != null) {
                    events.accept(new ContentEvent(ContentEvent.Type.REMOVED, old));
                }
            }
            return;
        }
        Sidecar sidecar = null;
        boolean repairedCorruption = false;
        if (Files.exists(sidecarFile)) {
            try {
                sidecar = Sidecar.parse(readBounded(sidecarFile));
            } catch (Sidecar.CorruptSidecar corrupt) {
                Path aside = folder.resolve(name + ".json.corrupt");
                report(name, "The description file of " + name + " was damaged (" + corrupt.getMessage() + "); it was kept as "
                        + aside.getFileName() + " and a new one was made.");
                AtomicFiles.move(sidecarFile, aside);
                repairedCorruption = true;
            } catch (NoSuchFileException gone) {
                sidecar = null;
            }
        }
        if (sidecar == null || sidecar.size() != attrs.size() || !name.equals(sidecar.file())) {
            sidecar = describeFile(name, media, attrs, sidecar);
            if (sidecar == null) {
                return;
            }
            synchronized (lock) {
                BasicFileAttributes now;
                try {
                    now = Files.readAttributes(media, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    return; // removed meanwhile; its own event follows
                }
                if (now.size() != sidecar.size()) {
                    return; // still being written by someone; the next event brings it in
                }
                AtomicFiles.write(sidecarFile, sidecar.toJson(), temp);
            }
        }
        ContentItem item = toItem(id, sidecar);
        if (!repairedCorruption) {
            clearProblem(name);
        }
        synchronized (lock) {
            if (!Files.isRegularFile(media, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            ContentItem old = byId.put(id, item);
            if (old == null) {
                events.accept(new ContentEvent(ContentEvent.Type.ADDED, item));
            } else if (!old.equals(item)) {
                events.accept(new ContentEvent(ContentEvent.Type.UPDATED, item));
            }
        }
    }

    /** A sidecar for a media file that has none (dropped by hand) or whose size changed; null if not media. */
    private Sidecar describeFile(String name, Path media, BasicFileAttributes attrs, Sidecar previous) throws IOException {
        // a file the user put here is only read, never rewritten: the library streams a copy of it if needed
        byte[] head = new byte[MediaTypes.SNIFF_BYTES];
        MessageDigest sha = sha256();
        long size = 0;
        int headLength = 0;
        try (InputStream in = Files.newInputStream(media)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (headLength < head.length) {
                    int take = Math.min(n, head.length - headLength);
                    System.arraycopy(buffer, 0, head, headLength, take);
                    headLength += take;
                }
                sha.update(buffer, 0, n);
                size += n;
            }
        } catch (NoSuchFileException gone) {
            return null;
        }
        if (size == 0) {
            return null; // being created; its next change brings it in
        }
        MediaTypes.Type type = MediaTypes.sniff(head, headLength);
        if (type == null) {
            if (size >= MediaTypes.SNIFF_BYTES) {
                report(name, name + " in the shared folder is not a video or picture p2pstack can show, so it has no card.");
            }
            return null;
        }
        String description = previous != null ? previous.description() : SafeNames.describe(name);
        Instant created = previous != null ? previous.created() : attrs.lastModifiedTime().toInstant();
        Origin origin = previous != null ? previous.origin() : Origin.DROPPED;
        String thumbnail = previous != null ? previous.thumbnail() : null;
        return new Sidecar(name, description, created, type.mime(), size, HexFormat.of().formatHex(sha.digest()), thumbnail,
                origin);
    }

    /** Streams a new item into the folder; see the class comment for the order of writes. */
    public ContentItem add(InputStream data, String fileName, String description, Thumbnail thumbnail)
            throws ContentException {
        String text = cleanDescription(description);
        if (thumbnail != null) {
            checkThumbnail(thumbnail);
        }
        Path part = temp.resolve(UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(temp);
            StreamedCopy.Result copied;
            try (InputStream in = data;
                    FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                copied = StreamedCopy.copy(in, out, maxBytes, sha256(), hasher, new StreamedCopy.Refusal() {
                    @Override
                    public ContentException unsupported() {
                        return unsupportedType();
                    }

                    @Override
                    public ContentException tooLarge() {
                        return ContentStore.this.tooLarge();
                    }
                });
                if (copied.size() == 0) {
                    throw new ContentException(Reason.EMPTY, "The file is empty. Please record or pick another one.");
                }
                out.force(true);
            } catch (ContentException e) {
                throw e;
            } catch (IOException e) {
                throw new ContentException(Reason.INCOMPLETE,
                        "The upload stopped before the end. Please try again.", e);
            }
            MediaTypes.Type type = copied.type();
            long size = copied.size();
            byte[] checksum = copied.sha256();
            // the sidecar records the checksum of the streamable file: rewrite first, then hash again
            if (type.kind() == ContentItem.Kind.VIDEO && prepare(part)) {
                size = Files.size(part);
                checksum = sha256Of(part);
            }
            Instant now = clock.instant();
            String fallback = FALLBACK_NAME.format(now);
            String base = SafeNames.safeName(fileName, type.extension(), fallback);
            String digest = HexFormat.of().formatHex(checksum);
            synchronized (lock) {
                String name = uniqueName(base);
                Sidecar sidecar = new Sidecar(name, text.isEmpty() ? SafeNames.describe(name) : text, now, type.mime(), size,
                        digest, Sidecar.encodeThumbnail(thumbnail), Origin.PUBLISHED);
                AtomicFiles.write(folder.resolve(name + SIDECAR_SUFFIX), sidecar.toJson(), temp); // sidecar first...
                AtomicFiles.move(part, folder.resolve(name)); // ...media last: from here the item exists
                ContentItem item = toItem(idOf(name), sidecar);
                byId.put(item.id(), item);
                events.accept(new ContentEvent(ContentEvent.Type.ADDED, item));
                return item;
            }
        } catch (IOException e) {
            LOG.warn("Could not store an upload in {}", folder, e);
            throw new ContentException(Reason.STORAGE, "Your computer could not save the file (" + e.getMessage()
                    + "). Is the disk full?", e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // cleared at the next start
            }
        }
    }

    /** Stops the hashing threads. */
    public void close() {
        hasher.shutdown();
    }

    /** Removes media first, then the sidecar (an orphan sidecar is cleared at the next start). */
    public boolean remove(String id) {
        synchronized (lock) {
            ContentItem item = byId.get(id);
            if (item == null) {
                return false;
            }
            try {
                Files.deleteIfExists(folder.resolve(item.fileName()));
                Files.deleteIfExists(folder.resolve(item.fileName() + SIDECAR_SUFFIX));
                AtomicFiles.syncDirectory(folder);
            } catch (IOException e) {
                report(item.fileName(), "Could not delete " + item.fileName() + ": " + e.getMessage());
                return false;
            }
            byId.remove(id);
            events.accept(new ContentEvent(ContentEvent.Type.REMOVED, item));
            return true;
        }
    }

    public List<ContentItem> list() {
        List<ContentItem> items = new ArrayList<>(byId.values());
        items.sort(Comparator.comparing(ContentItem::created).reversed().thenComparing(ContentItem::fileName));
        return items;
    }

    public Optional<ContentItem> get(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    public Optional<Path> mediaFile(String id) {
        return get(id).map(item -> folder.resolve(item.fileName()));
    }

    public Optional<Thumbnail> thumbnail(String id) {
        return get(id).filter(ContentItem::hasThumbnail).flatMap(item -> {
            try {
                return Optional.ofNullable(Sidecar.parse(readBounded(folder.resolve(item.fileName() + SIDECAR_SUFFIX)))
                        .decodeThumbnail());
            } catch (IOException | Sidecar.CorruptSidecar e) {
                return Optional.empty();
            }
        });
    }

    public List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems.values());
        }
    }

    /** The stable id of an item: derived from its file name, so it survives restarts and rebuilds. */
    static String idOf(String fileName) {
        return HexFormat.of().formatHex(sha256().digest(fileName.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    static boolean isSidecarName(String name) {
        return name.endsWith(SIDECAR_SUFFIX) && MediaTypes.isMediaName(mediaNameOf(name));
    }

    private static String mediaNameOf(String sidecarName) {
        return sidecarName.substring(0, sidecarName.length() - SIDECAR_SUFFIX.length());
    }

    private ContentItem toItem(String id, Sidecar sidecar) {
        return new ContentItem(id, sidecar.file(), sidecar.kind(), sidecar.type(), sidecar.size(), sidecar.sha256(),
                sidecar.description(), sidecar.created(), sidecar.thumbnail() != null, sidecar.origin());
    }

    private String uniqueName(String base) {
        String name = base;
        int dot = base.lastIndexOf('.');
        for (int i = 2; Files.exists(folder.resolve(name), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(folder.resolve(name + SIDECAR_SUFFIX), LinkOption.NOFOLLOW_LINKS); i++) {
            name = base.substring(0, dot) + "-" + i + base.substring(dot);
        }
        return name;
    }

    private static ContentException unsupportedType() {
        return new ContentException(Reason.UNSUPPORTED_TYPE,
                "This file is not a video or picture that p2pstack can show. Try a WebM or MP4 video, or a JPEG, PNG, GIF or WebP picture.");
    }

    private ContentException tooLarge() {
        return new ContentException(Reason.TOO_LARGE, "This file is too big. The largest file you can publish is "
                + humanSize(maxBytes) + ".");
    }

    static String humanSize(long bytes) {
        if (bytes >= 1024L * 1024 * 1024 && bytes % (1024L * 1024 * 1024) == 0) {
            return bytes / (1024L * 1024 * 1024) + " GB";
        }
        if (bytes >= 1024L * 1024) {
            return Math.round(bytes / (1024.0 * 1024)) + " MB";
        }
        return Math.max(1, Math.round(bytes / 1024.0)) + " KB";
    }

    static String cleanDescription(String description) throws ContentException {
        String text = description == null ? "" : description.strip();
        text = text.replaceAll("[\\p{Cc}&&[^\\n]]", "");
        if (text.codePointCount(0, text.length()) > ContentLibrary.MAX_DESCRIPTION) {
            throw new ContentException(Reason.INVALID,
                    "The description is too long: please keep it under " + ContentLibrary.MAX_DESCRIPTION + " characters.");
        }
        return text;
    }

    private static void checkThumbnail(Thumbnail thumbnail) throws ContentException {
        if (thumbnail.bytes().length > ContentLibrary.MAX_THUMBNAIL_BYTES) {
            throw new ContentException(Reason.INVALID, "The preview picture is too big.");
        }
        MediaTypes.Type type = MediaTypes.sniff(thumbnail.bytes(), thumbnail.bytes().length);
        if (type == null || type.kind() != ContentItem.Kind.PICTURE || type == MediaTypes.GIF) {
            throw new ContentException(Reason.INVALID, "The preview picture is not a JPEG, PNG or WebP image.");
        }
    }

    private void clearTemp() throws IOException {
        if (!Files.isDirectory(temp)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(temp)) {
            for (Path entry : entries) {
                LOG.info("Removing {}: an upload that was interrupted", entry.getFileName());
                Files.deleteIfExists(entry);
            }
        }
    }

    private List<String> listNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        return names;
    }

    /** Records a problem with one file (replacing an earlier one about it) and tells the listeners. */
    private void report(String fileName, String problem) {
        LOG.warn(problem);
        List<String> now;
        synchronized (problems) {
            if (problem.equals(problems.get(fileName))) {
                return;
            }
            problems.remove(fileName);
            problems.put(fileName, problem);
            while (problems.size() > MAX_PROBLEMS) {
                problems.remove(problems.keySet().iterator().next());
            }
            now = List.copyOf(problems.values());
        }
        problemSink.accept(now);
    }

    /** A problem with the folder as a whole (it cannot be created or read). */
    public void reportFolderProblem(String problem) {
        report("", problem);
    }

    /** A file that is fine now (or gone) no longer has a problem. */
    private void clearProblem(String fileName) {
        List<String> now;
        synchronized (problems) {
            if (problems.remove(fileName) == null) {
                return;
            }
            now = List.copyOf(problems.values());
        }
        problemSink.accept(now);
    }

    private static byte[] readBounded(Path file) throws IOException, Sidecar.CorruptSidecar {
        if (Files.size(file) > Sidecar.MAX_BYTES) {
            throw new Sidecar.CorruptSidecar("it is larger than " + Sidecar.MAX_BYTES / 1024 + " KiB");
        }
        return Files.readAllBytes(file);
    }

    private static byte[] sha256Of(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0;) {
                sha.update(buffer, 0, n);
            }
        }
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
