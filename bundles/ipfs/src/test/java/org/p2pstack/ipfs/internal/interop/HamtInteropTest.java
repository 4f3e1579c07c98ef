package org.p2pstack.ipfs.internal.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.ipfs.DirectoryEntry;
import org.p2pstack.ipfs.internal.IpfsNode;

/** A HAMT-sharded directory written by helia is listed and read by our node over Bitswap. */
class HamtInteropTest {

    private static final Duration T = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void readsHeliaShardedDirectory() {
        assertTimeoutPreemptively(T, () -> {
            Path d = dir.resolve("many");
            Files.createDirectories(d);
            Set<String> names = new TreeSet<>();
            for (int i = 0; i < 400; i++) {
                String n = "file-" + i + ".txt";
                names.add(n);
                Files.writeString(d.resolve(n), "content " + i);
            }
            try (NodeJs js = NodeJs.start("peer.mjs");
                    IpfsNode ours = new IpfsNode(new IpfsNode.Settings(dir.resolve("ours"), "127.0.0.1", 0, List.of(),
                            Duration.ofSeconds(20), Duration.ZERO))) {
                ours.start();
                js.await("peer ", T);
                ours.connect(js.await("listen ", T), Duration.ofSeconds(10));
                js.send("adddir v1 " + d + " 1000");
                String cid = js.await("ok ", T);
                assertTrue(ours.isDirectory(cid));
                var root = org.p2pstack.ipfs.internal.dagpb.PbNode.decode(ours.getBlock(cid, Duration.ofSeconds(10)));
                assertEquals(org.p2pstack.ipfs.internal.unixfs.UnixfsData.Type.HAMT_SHARD,
                        org.p2pstack.ipfs.internal.unixfs.UnixfsData.decode(root.data()).type(), "helia did not shard it");
                List<DirectoryEntry> entries = ours.ls(cid);
                assertEquals(names, entries.stream().map(DirectoryEntry::name).collect(Collectors.toCollection(TreeSet::new)));
                try (InputStream in = ours.cat(cid + "/file-321.txt")) {
                    assertEquals("content 321", new String(in.readAllBytes()));
                }
            }
        });
    }
}
