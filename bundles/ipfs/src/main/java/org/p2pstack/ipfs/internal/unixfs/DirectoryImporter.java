package org.p2pstack.ipfs.internal.unixfs;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.p2pstack.ipfs.internal.blockstore.Blockstore;
import org.p2pstack.ipfs.internal.multiformats.Cid;
import org.p2pstack.ipfs.internal.multiformats.Multihash;

import org.p2pstack.ipfs.internal.dagpb.PbNode;
import org.p2pstack.ipfs.internal.dagpb.PbLink;
/**
 * Imports a directory tree as {@code ipfs add -r} does: each file with {@link Importer}, each directory as a
 * dag-pb node with UnixFS type Directory and one named link per entry, sorted by name bytes. Symbolic links
 * and hidden files are skipped; a directory that would need HAMT sharding (its node above
 * {@link #MAX_DIRECTORY_BLOCK} bytes) is refused.
 */
public final class DirectoryImporter {

    /** kubo and helia shard a directory past this size; we do not implement HAMT sharding. */
    public static final int MAX_DIRECTORY_BLOCK = 262_144;
    /** Deepest directory nesting followed. */
    public static final int MAX_DEPTH = 64;

    private final Blockstore store;
    private final Importer.Profile profile;

    public DirectoryImporter(Blockstore store, Importer.Profile profile) {
        this.store = store;
        this.profile = profile;
    }

    public Importer.Result importPath(Path path) throws IOException {
        return importPath(path, 0);
    }

    private Importer.Result importPath(Path path, int depth) throws IOException {
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 20)) {
                return new Importer(store, profile).importFile(in);
            }
        }
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(path + " is neither a file nor a directory");
        }
        if (depth >= MAX_DEPTH) {
            throw new IOException(path + ": directories nested deeper than " + MAX_DEPTH);
        }
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(path)) {
            s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !Files.isSymbolicLink(p))
                    .forEach(entries::add);
        }
        entries.sort((a, b) -> Arrays.compareUnsigned(name(a), name(b)));
        List<PbLink> links = new ArrayList<>();
        long tsize = 0;
        long size = 0;
        for (Path e : entries) {
            Importer.Result r = importPath(e, depth + 1);
            links.add(new PbLink(r.cid(), e.getFileName().toString(), r.dagSize()));
            tsize += r.dagSize();
            size += r.fileSize();
        }
        byte[] block = new PbNode(links, new UnixfsData(UnixfsData.Type.DIRECTORY, null, -1, new long[0], -1, -1).encode()).encode();
        if (block.length > MAX_DIRECTORY_BLOCK) {
            throw new IOException(path + " has too many entries for one directory node (HAMT sharding is not supported)");
        }
        Multihash mh = Multihash.sha256(block);
        Cid cid = profile.cidVersion() == 0 ? Cid.v0(mh) : Cid.v1(Cid.DAG_PB, mh);
        store.putHashed(cid, block);
        return new Importer.Result(cid, size, tsize + block.length);
    }

    private static byte[] name(Path p) {
        return p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
    }
}
