package org.p2pstack.ipfs.internal.blockstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;

import org.p2pstack.ipfs.internal.multiformats.Cid;

/** Recursive pins, kept in one text file (a CID per line) rewritten atomically on each change. */
public final class Pins {

    private final Path file;
    private final Set<Cid> pins = new LinkedHashSet<>();

    public Pins(Path dir) throws IOException {
        this.file = dir.resolve("pins.txt");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    pins.add(Cid.parse(line.trim()));
                }
            }
        }
    }

    public synchronized boolean add(Cid cid) throws IOException {
        boolean added = pins.add(cid);
        if (added) {
            save();
        }
        return added;
    }

    public synchronized boolean remove(Cid cid) throws IOException {
        boolean removed = pins.remove(cid);
        if (removed) {
            save();
        }
        return removed;
    }

    public synchronized boolean contains(Cid cid) {
        return pins.contains(cid);
    }

    public synchronized Set<Cid> all() {
        return Set.copyOf(pins);
    }

    private void save() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Cid c : pins) {
            sb.append(c).append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, sb, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
