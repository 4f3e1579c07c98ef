package org.p2pstack.swarm.internal.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.graalvm.polyglot.HostAccess;

/**
 * Files for hypercore's random-access-storage (js/shims/random-access-file.js), on {@link FileChannel}s,
 * confined to one root directory: a path that resolves outside it is refused. Bytes move through the
 * loop's scratch buffer. Loop thread only.
 */
public final class FileStorageHost implements AutoCloseable {

    private final Path root;
    private final Supplier<ByteBuffer> scratch;
    private final Map<Integer, FileChannel> open = new HashMap<>();
    private int next = 1;

    public FileStorageHost(Path root, Supplier<ByteBuffer> scratch) {
        this.root = root.toAbsolutePath().normalize();
        this.scratch = scratch;
    }

    private Path resolve(String name) throws IOException {
        Path p = root.resolve(name.startsWith("/") ? name.substring(1) : name).normalize();
        if (!p.startsWith(root)) {
            throw new IOException("EACCES: " + name + " is outside the storage directory");
        }
        return p;
    }

    @HostAccess.Export
    public int open(String name, boolean create, boolean writable, double size) throws IOException {
        Path p = resolve(name);
        Set<StandardOpenOption> opts = EnumSet.of(StandardOpenOption.READ);
        if (writable) {
            opts.add(StandardOpenOption.WRITE);
        }
        if (create) {
            Files.createDirectories(p.getParent());
            opts.add(StandardOpenOption.CREATE);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(p, opts);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("ENOENT: no such file or directory, open '" + name + "'");
        }
        if (size >= 0) {
            ch.truncate((long) size);
        }
        int h = next++;
        open.put(h, ch);
        return h;
    }

    @HostAccess.Export
    public void write(int h, double offset, int len) throws IOException {
        FileChannel ch = channel(h);
        ByteBuffer b = ByteBuffer.wrap(scratch.get().array(), 0, len);
        long pos = (long) offset;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    /** Reads into scratch[0, len); returns the bytes read (less at end of file). */
    @HostAccess.Export
    public int read(int h, double offset, int len) throws IOException {
        FileChannel ch = channel(h);
        ByteBuffer b = ByteBuffer.wrap(scratch.get().array(), 0, len);
        long pos = (long) offset;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        return b.position();
    }

    @HostAccess.Export
    public void truncate(int h, double size) throws IOException {
        FileChannel ch = channel(h);
        long s = (long) size;
        if (s < ch.size()) {
            ch.truncate(s);
        } else if (s > ch.size()) {
            ch.write(ByteBuffer.allocate(1), s - 1);
        }
    }

    @HostAccess.Export
    public double size(int h) throws IOException {
        return channel(h).size();
    }

    @HostAccess.Export
    public void close(int h) throws IOException {
        FileChannel ch = open.remove(h);
        if (ch != null) {
            ch.close();
        }
    }

    @HostAccess.Export
    public void unlink(String name) throws IOException {
        Files.deleteIfExists(resolve(name));
    }

    private FileChannel channel(int h) throws IOException {
        FileChannel ch = open.get(h);
        if (ch == null) {
            throw new IOException("EBADF: file is not open");
        }
        return ch;
    }

    @Override
    public void close() {
        for (FileChannel ch : open.values()) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        open.clear();
    }
}
