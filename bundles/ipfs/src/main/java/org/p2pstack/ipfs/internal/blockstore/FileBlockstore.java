package org.p2pstack.ipfs.internal.blockstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.p2pstack.ipfs.internal.multiformats.Base32;
import org.p2pstack.ipfs.internal.multiformats.Cid;
import org.p2pstack.ipfs.internal.multiformats.Multihash;
import org.p2pstack.ipfs.internal.dagpb.PbNode;

/**
 * Blocks as files, one per multihash, in flatfs's layout ({@code blocks/<next-to-last 2 chars>/<base32>.data}).
 * Writes are atomic (temporary file, then rename); every block is verified against its CID when written and
 * when read: a block that no longer matches is removed and reported as missing.
 */
public final class FileBlockstore implements Blockstore {

    public static final int MAX_BLOCK_SIZE = PbNode.MAX_BLOCK_SIZE;
    private static final String SUFFIX = ".data";

    private final Path root;
    private final AtomicLong tmpCounter = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();

    public FileBlockstore(Path dir) throws IOException {
        this.root = dir.resolve("blocks");
        Files.createDirectories(root);
    }

    private Path path(Multihash mh) {
        String key = Base32.encode(mh.bytes()).toUpperCase(java.util.Locale.ROOT);
        String shard = key.substring(key.length() - 3, key.length() - 1);
        return root.resolve(shard).resolve(key + SUFFIX);
    }

    @Override
    public boolean has(Cid cid) {
        return Files.exists(path(cid.multihash()));
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        Path p = path(cid.multihash());
        byte[] b;
        try {
            if (Files.size(p) > MAX_BLOCK_SIZE) {
                throw new IOException("stored block larger than " + MAX_BLOCK_SIZE + ": " + p);
            }
            b = Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!cid.verifies(b)) {
            corrupt.incrementAndGet();
            Files.deleteIfExists(p);
            return null;
        }
        return b;
    }

    @Override
    public void put(Cid cid, byte[] block) throws IOException {
        if (block.length > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("block larger than " + MAX_BLOCK_SIZE);
        }
        if (!cid.verifies(block)) {
            throw new IllegalArgumentException("block does not match " + cid);
        }
        write(cid, block);
    }

    @Override
    public void putHashed(Cid cid, byte[] block) throws IOException {
        if (block.length > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("block larger than " + MAX_BLOCK_SIZE);
        }
        write(cid, block);
    }

    private void write(Cid cid, byte[] block) throws IOException {
        Path p = path(cid.multihash());
        if (Files.exists(p)) {
            return;
        }
        Files.createDirectories(p.getParent());
        Path tmp = p.resolveSibling(".tmp-" + ProcessHandle.current().pid() + "-" + tmpCounter.incrementAndGet());
        Files.write(tmp, block, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void delete(Multihash key) throws IOException {
        Files.deleteIfExists(path(key));
    }

    @Override
    public void forEachKey(Consumer<Multihash> action) throws IOException {
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(root)) {
            for (Path shard : shards) {
                if (!Files.isDirectory(shard)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard, "*" + SUFFIX)) {
                    for (Path f : files) {
                        String name = f.getFileName().toString();
                        try {
                            action.accept(Multihash.decode(Base32.decode(name.substring(0, name.length() - SUFFIX.length()))));
                        } catch (IllegalArgumentException e) {
                            // a foreign file: not ours to list
                        }
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public long size(Cid cid) throws IOException {
        try {
            return Files.size(path(cid.multihash()));
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    /** Blocks found corrupt (and removed) since start. */
    public long corruptBlocks() {
        return corrupt.get();
    }
}
